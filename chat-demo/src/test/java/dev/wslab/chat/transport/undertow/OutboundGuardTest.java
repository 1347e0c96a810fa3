package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ops.OutboundGuard;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the server bounds its outbound memory as a whole ({@code --max-outbound-total}). Three
 * members stop reading; together they pass the total cap long before any one of them reaches its own
 * bound, and the guard cuts one of them as a slow consumer — its 1008 Close is the same as for a
 * client over its own bound — while the other two, no longer together over the cap, stay.
 */
class OutboundGuardTest {

    private static final long BOUND = 768 * 1024;
    private static final String ROOM = "firehose";
    private static final String PADDING = "x".repeat(3000);

    @Test
    void theLargestOfManySlowConsumersIsCutWhenAllTogetherPassTheTotalCap() {
        try (ChatServer server = TestServers.start(TestServers.config().maxOutboundBytes(BOUND)
                .maxOutboundTotalBytes(BOUND).closeTimeout(Duration.ofSeconds(20)))) {
            JdkChatClient sender = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "sender"));
            JdkChatClient observer = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "observer"));
            sender.joinAndWait(ROOM);
            observer.joinAndWait(ROOM);
            List<RawClient> stalled = new ArrayList<>();
            List<String> names = List.of("stalled-1", "stalled-2", "stalled-3");
            for (String name : names) {
                stalled.add(stalledMember(server, observer, name));
            }
            OutboundGuard guard = server.context().ops().outbound();

            // Each message is ~3 KB towards each of the three: the total cap (768 KiB) is passed when each
            // holds ~256 KiB, a third of its own bound.
            // The kernel's socket buffers take the first megabytes; the queues grow after that, all three alike.
            // Batches while the total is far from the cap, then one message at a time, so the flood stops
            // right after the first cut (the other two would otherwise soon be over the cap together again).
            int sent = 0;
            while (sent < 3000 && server.chat().members(ROOM).containsAll(names)) {
                int batch = guard.totalBytes() < BOUND / 2 ? 20 : 1;
                for (int i = 0; i < batch; i++, sent++) {
                    sender.message(ROOM, sent + ":" + PADDING, null);
                }
                String batchEnd = (sent - 1) + ":";
                observer.await(ServerEvent.Message.class, m -> m.message().startsWith(batchEnd));
            }
            List<String> left = new ArrayList<>(names);
            left.removeAll(server.chat().members(ROOM));
            assertThat(left).as("cut after %d messages of 3 KB", sent).hasSize(1);
            assertThat(guard.cuts()).isEqualTo(1);
            // Cut well before its own bound: each held about a third of it.
            assertThat(guard.lastTotalBytes()).as("what the other two hold").isLessThan(BOUND);

            RawClient cut = stalled.get(names.indexOf(left.get(0)));
            List<RawClient.RawFrame> frames = cut.readUntilClose();
            RawClient.RawFrame close = frames.get(frames.size() - 1);
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).startsWith("slow consumer");
            stalled.forEach(RawClient::close);
            sender.close();
            observer.close();
        }
    }

    /** A raw member with a 4 KB receive buffer that joins and from then on reads nothing. */
    private static RawClient stalledMember(ChatServer server, JdkChatClient observer, String name) {
        String token = Accounts.registerAndLogin(server, name);
        RawClient client = RawClient.connect(server.port(), 4096);
        client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
        assertThat(client.readHead().status()).isEqualTo(101);
        client.write(RawClient.text("{\"type\":\"join\",\"room\":\"" + ROOM + "\"}"));
        observer.await(ServerEvent.UserJoined.class, j -> j.userName().equals(name));
        return client;
    }
}
