package dev.wslab.chat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.chat.protocol.Sender;
import dev.wslab.chat.protocol.ServerEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A history row holds a room's messages as a JSON array; what goes in comes out, in order. */
class MessageBatchCodecTest {

    @Test
    void messagesComeBackExactlyAndInOrder() {
        List<ServerEvent.Message> messages = List.of(
                new ServerEvent.Message("7", "r", new Sender("u1", "ada"), "hi", 1_700_000_000_000L),
                new ServerEvent.Message("8", "r", new Sender("u2", "Zoë \"z\""), "line\nbreak, \\ and \u0000 and 😀", 0L),
                new ServerEvent.Message("9", "r", new Sender("u1", "ada"), "", Long.MAX_VALUE));

        String row = MessageBatchCodec.encode(messages);

        assertThat(row).startsWith("[{\"id\":\"7\",");
        assertThat(MessageBatchCodec.decode("r", row)).containsExactlyElementsOf(messages);
    }

    @Test
    void aRowThatIsNotOursIsAStorageErrorNamingTheRoom() {
        assertThatThrownBy(() -> MessageBatchCodec.decode("lobby", "{\"id\":1}"))
                .isInstanceOf(StorageException.class).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> MessageBatchCodec.decode("lobby", "[{\"id\":\"1\"}]"))
                .isInstanceOf(StorageException.class).hasMessageContaining("room lobby lacks a field");
        assertThatThrownBy(() -> MessageBatchCodec.decode("lobby", "[{\"id\":"))
                .isInstanceOf(StorageException.class).hasMessageContaining("room lobby");
    }
}
