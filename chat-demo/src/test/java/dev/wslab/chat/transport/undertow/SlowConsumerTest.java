package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member that stops reading is closed as a slow consumer once its queue passes the bound, and the
 * other members of the room get every message, in order, without waiting for it.
 */
class SlowConsumerTest {

    private static final int MAX_OUTBOUND = 256 * 1024;

    @Test
    void aStalledReaderIsClosedAndTheOthersAreUnaffected() {
        try (ChatServer server = TestServers.start(TestServers.config().maxOutboundBytes(MAX_OUTBOUND))) {
            String senderToken = Accounts.registerAndLogin(server, "sender");
            String observerToken = Accounts.registerAndLogin(server, "observer");
            String stalledToken = Accounts.registerAndLogin(server, "stalled");
            try (JdkChatClient sender = JdkChatClient.connectWithHeader(server.chatUri(), senderToken);
                 JdkChatClient observer = JdkChatClient.connectWithHeader(server.chatUri(), observerToken);
                 RawClient stalled = RawClient.connect(server.port(), 4096)) {
                sender.joinAndWait("firehose");
                observer.joinAndWait("firehose");
                stalled.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + stalledToken));
                assertThat(stalled.readHead().status()).isEqualTo(101);
                stalled.write(RawClient.text("{\"type\":\"join\",\"room\":\"firehose\"}"));
                observer.await(ServerEvent.UserJoined.class, j -> j.userName().equals("stalled"));
                // From here on the stalled client reads nothing.

                int sent = Firehose.floodUntilCut(server, "firehose", sender, observer, "stalled");
                assertThat(server.chat().members("firehose"))
                        .as("the stalled reader was closed after %d messages", sent)
                        .containsExactly("sender", "observer");
                observer.awaitEver(ServerEvent.UserLeft.class, l -> l.userName().equals("stalled"));

                // The observer got every message exactly once and in order; nobody waited for the stalled one.
                List<ServerEvent.Message> messages = observer.drainAll().stream()
                        .filter(e -> e instanceof ServerEvent.Message).map(e -> (ServerEvent.Message) e).toList();
                assertThat(messages).hasSize(sent);
                for (int i = 0; i < sent; i++) {
                    assertThat(messages.get(i).message()).startsWith(i + ":");
                }
                assertThat(observer.isClosedByServer()).isFalse();
                assertThat(sender.isClosedByServer()).isFalse();
            }
        }
    }

    /**
     * The bound counts UTF-8 bytes, as they go on the wire, not chars. The same message once in ASCII and
     * once in '€' (3 bytes each) has the same char count; with the bound between the two byte counts, only
     * the second overflows a connection's queue on its own, and its client is closed with 1008.
     */
    @Test
    void theBoundCountsUtf8BytesNotChars() {
        int chars = 1000;
        String command = "{\"type\":\"message\",\"room\":\"r\",\"message\":\"%s\",\"id\":\"m\"}";
        int commandBytes = String.format(command, "x".repeat(chars)).length() + 2 * chars; // the '€' command
        // The broadcast wraps the text in more JSON than the command (sender, id, ts: ~100 bytes more), so with
        // this bound the '€' command is accepted (<= the message limit) but its broadcast does not fit.
        int bound = commandBytes + 20;
        try (ChatServer server = TestServers.start(TestServers.config().maxMessageBytes(bound).maxOutboundBytes(bound))) {
            String token = Accounts.registerAndLogin(server, "euro");
            try (JdkChatClient client = JdkChatClient.connectWithHeader(server.chatUri(), token)) {
                client.joinAndWait("r");

                client.send(String.format(command, "x".repeat(chars)));
                ServerEvent.Message ascii = client.await(ServerEvent.Message.class, m -> m.message().startsWith("x"));
                assertThat(ascii.message()).hasSize(chars);
                assertThat(client.isClosedByServer()).isFalse();

                client.send(String.format(command, "€".repeat(chars)));
                assertThat(client.awaitCloseCode(15)).isEqualTo(1008);
                assertThat(client.closeReason()).startsWith("slow consumer");
            }
        }
    }
}
