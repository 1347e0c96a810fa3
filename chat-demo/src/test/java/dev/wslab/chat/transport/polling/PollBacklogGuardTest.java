package dev.wslab.chat.transport.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.ops.OutboundGuard;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a polling session's backlog (events kept for its next poll) counts towards the server's
 * total outbound cap like a WebSocket's queue. A session that stops polling holds the most, so when
 * the total passes the cap it is the one cut: its next poll answers 410 with a slow-consumer reason.
 */
class PollBacklogGuardTest {

    @Test
    void aSessionThatStopsPollingCountsTowardsTheTotalAndIsCutPastIt() throws Exception {
        long cap = 256 * 1024;
        PollingTransport polling = new PollingTransport();
        try (ChatServer server = TestServers.start(TestServers.config().maxOutboundBytes(cap).maxOutboundTotalBytes(cap),
                ServerParts.builder().extension(polling))) {
            OutboundGuard guard = server.context().ops().outbound();
            PollClient idle = PollClient.open(server, Accounts.registerAndLogin(server, "idle-poller"));
            assertThat(idle.join("lobby", "j1").status()).isEqualTo(200);
            JdkChatClient sender = JdkChatClient.connectWithHeader(server.chatUri(), Accounts.registerAndLogin(server, "sender"));
            sender.joinAndWait("lobby");
            String padding = "y".repeat(2000);
            int sent = 0;
            long seenTotal = 0;
            while (sent < 1000 && server.chat().members("lobby").contains("idle-poller")) {
                String prefix = sent + ":";
                sender.message("lobby", prefix + padding, null);
                sender.await(ServerEvent.Message.class, m -> m.message().startsWith(prefix));
                seenTotal = Math.max(seenTotal, guard.totalBytes());
                sent++;
            }
            assertThat(seenTotal).as("the backlog counted towards the total").isPositive();
            assertThat(server.chat().members("lobby")).doesNotContain("idle-poller").contains("sender");
            assertThat(guard.cuts()).isEqualTo(1);
            // Cut by the total cap (256 KiB), far below its own backlog bound (1 Mi characters).
            assertThat((long) sent * 2000).isLessThan(polling.config().maxPendingChars() / 2);
            // The events kept before the cut are still delivered in order; then the ending.
            PollClient.Answer answer = idle.poll("0");
            for (int i = 0; i < 100 && answer.status() == 200; i++) {
                answer = idle.poll("0");
            }
            assertThat(answer.status()).isEqualTo(410);
            assertThat(answer.body().toString()).contains("slow consumer");
            sender.close();
        }
    }
}
