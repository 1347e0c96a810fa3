package dev.wslab.chat.transport.undertow;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.JdkChatClient;

/**
 * Floods a room with 3 KB messages until the server cuts a member that stopped reading as a slow
 * consumer (it leaves the room at that moment), pacing the sender by an observer that keeps up: at most
 * one batch, far below the outbound bound, ever waits towards the observer, however slow the machine is;
 * only the stalled member falls behind.
 */
final class Firehose {

    /** 20 messages of 3 KB: a batch is a quarter of a 256 KiB bound. */
    static final int BATCH = 20;
    static final int MAX_MESSAGES = 6_000;
    private static final String PADDING = "x".repeat(3000);

    private Firehose() {}

    /**
     * Sends {@code "<n>:<padding>"} messages in batches until {@code stalledUser} is no longer in
     * {@code room} (or {@link #MAX_MESSAGES} were sent).
     *
     * @return how many messages were sent; each starts with its number and a colon
     */
    static int floodUntilCut(ChatServer server, String room, JdkChatClient sender, JdkChatClient observer,
                             String stalledUser) {
        int sent = 0;
        while (sent < MAX_MESSAGES && server.chat().members(room).contains(stalledUser)) {
            for (int i = 0; i < BATCH; i++, sent++) {
                sender.message(room, sent + ":" + PADDING, null);
            }
            String batchEnd = (sent - 1) + ":";
            observer.await(ServerEvent.Message.class, m -> m.message().startsWith(batchEnd));
        }
        return sent;
    }
}
