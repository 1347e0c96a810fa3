package dev.wslab.chat.transport.polling;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.DecodedCommand;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fuzz targets for what a chat client controls before any chat rule runs: the text of a command
 * (the same decoder serves the WebSocket and the polling transport) and a poll's query parameters.
 *
 * <p>In a normal build Jazzer replays the seeds in
 * {@code src/test/resources/dev/wslab/chat/transport/polling/ChatInputFuzzTestInputs/<method>/}; to fuzz:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl chat-demo test -Dtest=ChatInputFuzzTest#chat_command_decoder
 * </pre>
 */
class ChatInputFuzzTest {

    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final PollingConfig CONFIG = PollingConfig.defaults();

    /** Any text: a valid command with a clean room name, or an error reply that encodes; never a throw. */
    @FuzzTest(maxDuration = "30s")
    void chat_command_decoder(byte[] input) {
        DecodedCommand decoded = CODEC.decodeCommand(new String(input, StandardCharsets.UTF_8));
        if (decoded instanceof DecodedCommand.Valid valid) {
            ClientCommand command = valid.command();
            if (command instanceof ClientCommand.RoomCommand inRoom) {
                assertThat(ProtocolCodec.isValidRoom(inRoom.room())).as(inRoom.room()).isTrue();
            }
            if (command instanceof ClientCommand.SendMessage send) {
                assertThat(send.message()).isNotEmpty();
            }
            assertThat(CODEC.decodeCommand(CODEC.encodeCommand(command))).isEqualTo(decoded);
        } else {
            ServerEvent.Error error = ((DecodedCommand.Invalid) decoded).error();
            assertThat(error.code()).isNotBlank();
            assertThat(error.reason()).isNotBlank();
            assertThat(CODEC.encode(error).json()).startsWith("{");
        }
    }

    /** Any cursor and wait text (split at the first newline): values within bounds, or a 400 reason. */
    @FuzzTest(maxDuration = "30s")
    void polling_query_parameters(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String cursor = input.length == 0 ? null : newline < 0 ? text : text.substring(0, newline);
        String wait = newline < 0 ? null : text.substring(newline + 1);
        PollParameters.Result result = PollParameters.parse(cursor, wait, CONFIG);
        if (result instanceof PollParameters.Valid valid) {
            assertThat(valid.cursor()).isNotNegative();
            assertThat(valid.hold()).isBetween(Duration.ZERO, CONFIG.maxWait());
        } else {
            PollParameters.Invalid invalid = (PollParameters.Invalid) result;
            assertThat(invalid.error()).isIn("bad_cursor", "bad_wait");
            assertThat(invalid.reason()).isNotBlank().hasSizeLessThan(200);
        }
    }
}
