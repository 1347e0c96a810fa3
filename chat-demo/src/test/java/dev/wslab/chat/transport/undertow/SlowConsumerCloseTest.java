package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 2, for a slow consumer: the member cut with 1008 gets its Close frame when its
 * socket allows it (behind the bytes already on their way, never instead of them), and a member that
 * never reads again is still gone within the close timeout. Both are raw sockets with a 4 KB receive
 * buffer that stop reading once they joined; whether they are cut is seen on the server (the member
 * leaves its room at that moment, the same moment its Close is queued and the close deadline starts).
 */
class SlowConsumerCloseTest {

    private static final int MAX_OUTBOUND = 256 * 1024;

    @Test
    void aSlowConsumerThatReadsAgainFindsItsCloseWith1008AfterTheBufferedMessages() {
        // A long close timeout: this reader must get to its Close before the server gives up on it, even
        // on a loaded machine.
        Duration closeTimeout = Duration.ofSeconds(20);
        try (ChatServer server = TestServers.start(TestServers.config().maxOutboundBytes(MAX_OUTBOUND).closeTimeout(closeTimeout));
             Room room = Room.open(server);
             RawClient stalled = room.stalledMember("late-reader")) {
            int sent = Firehose.floodUntilCut(server, Room.NAME, room.sender, room.observer, "late-reader");
            assertThat(server.chat().members(Room.NAME)).as("cut after %d messages", sent).doesNotContain("late-reader");

            // Now it reads again: first what was already on its way, whole frames, then the Close.
            List<RawClient.RawFrame> frames = stalled.readUntilClose();
            RawClient.RawFrame close = frames.get(frames.size() - 1);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).startsWith("slow consumer");
            List<RawClient.RawFrame> before = frames.subList(0, frames.size() - 1);
            assertThat(before).as("the messages buffered before the Close").isNotEmpty()
                    .allSatisfy(frame -> {
                        assertThat(frame.opcode()).isEqualTo(0x1);
                        assertThat(frame.fin()).isTrue();
                    });
            assertThat(before.stream().filter(f -> f.text().contains("\"type\":\"message\"")).count())
                    .as("chat messages among them").isPositive().isLessThan(sent);
            // It answers like a well-behaved client; the server then closes TCP.
            stalled.write(RawClient.frame(true, 0x8, true, new byte[] {0x03, (byte) 0xF0}));
            assertThat(stalled.awaitEof()).isTrue();
        }
    }

    @Test
    void aSlowConsumerThatNeverReadsIsDroppedWithinTheCloseTimeout() throws Exception {
        Duration closeTimeout = Duration.ofSeconds(2);
        Duration slack = Duration.ofSeconds(5);
        try (ChatServer server = TestServers.start(TestServers.config().maxOutboundBytes(MAX_OUTBOUND).closeTimeout(closeTimeout));
             Room room = Room.open(server);
             RawClient stalled = room.stalledMember("never-reader")) {
            Firehose.floodUntilCut(server, Room.NAME, room.sender, room.observer, "never-reader");
            long cut = System.nanoTime();

            // Its Close never reaches it (it reads nothing; the Close waits in the server's queue or kernel buffer):
            // the server must drop TCP at the close deadline.
            // Seen without reading (reading would let the server flush): once the server's socket is gone, our
            // next bytes are answered with a reset and a write fails.
            long droppedAfterMs = -1;
            byte[] ping = RawClient.frame(true, 0x9, true, new byte[0]);
            while (System.nanoTime() - cut < closeTimeout.plus(slack).toNanos()) {
                try {
                    stalled.write(ping);
                } catch (UncheckedIOException reset) {
                    droppedAfterMs = (System.nanoTime() - cut) / 1_000_000;
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(droppedAfterMs).as("ms from the 1008 cut until the server's socket was gone (close timeout %s)",
                    closeTimeout).isBetween(0L, closeTimeout.plus(slack).toMillis());
        }
    }

    /** A room with a sender and an observer that keeps up, both on the JDK's client. */
    private record Room(ChatServer server, JdkChatClient sender, JdkChatClient observer) implements AutoCloseable {
        static final String NAME = "firehose";

        static Room open(ChatServer server) {
            JdkChatClient sender = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "sender"));
            JdkChatClient observer = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "observer"));
            sender.joinAndWait(NAME);
            observer.joinAndWait(NAME);
            return new Room(server, sender, observer);
        }

        /** A raw member with a 4 KB receive buffer that joins and from then on reads nothing. */
        RawClient stalledMember(String name) {
            String token = Accounts.registerAndLogin(server, name);
            RawClient client = RawClient.connect(server.port(), 4096);
            client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
            assertThat(client.readHead().status()).isEqualTo(101);
            client.write(RawClient.text("{\"type\":\"join\",\"room\":\"" + NAME + "\"}"));
            observer.await(ServerEvent.UserJoined.class, j -> j.userName().equals(name));
            return client;
        }

        @Override
        public void close() {
            sender.close();
            observer.close();
        }
    }
}
