package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SharedUtf8Test {

    @Test
    void oneTextHandedToManyMembersIsEncodedOnceAndQueuedAsOneItem() {
        String event = "{\"type\":\"message\",\"message\":\"héllo 👋\"}";
        Outgoing.Text first = SharedUtf8.message(event);
        assertThat(SharedUtf8.message(event)).isSameAs(first);
        assertThat(first.utf8().toByteArray()).isEqualTo(event.getBytes(StandardCharsets.UTF_8));
        assertThat(first.bytes()).isEqualTo(event.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void anEqualTextBuiltElsewhereOrAnotherThreadsTextIsEncodedAgain() throws Exception {
        String event = "{\"type\":\"ok\",\"n\":" + System.nanoTime() + "}"; // a new String, not a shared literal
        Outgoing.Text mine = SharedUtf8.message(event);
        Outgoing.Text equalText = SharedUtf8.message(new String(event.toCharArray()));
        assertThat(equalText).isNotSameAs(mine).isEqualTo(mine);
        Outgoing.Text otherThread = CompletableFuture.supplyAsync(() -> SharedUtf8.message(event)).get();
        assertThat(otherThread).isNotSameAs(mine);
        assertThat(otherThread.utf8()).isEqualTo(mine.utf8());
    }
}
