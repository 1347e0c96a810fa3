package dev.wslab.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void readsTheThreeCommandsWithAndWithoutId() {
        assertThat(codec.decodeCommand("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"c1\"}"))
                .isEqualTo(new DecodedCommand.Valid(new ClientCommand.Join("c1", "lobby")));
        assertThat(codec.decodeCommand("{\"type\":\"exit\",\"room\":\"lobby\"}"))
                .isEqualTo(new DecodedCommand.Valid(new ClientCommand.Exit(null, "lobby")));
        assertThat(codec.decodeCommand("{\"type\":\"message\",\"room\":\"r\",\"message\":\"hi\",\"id\":7}"))
                .isEqualTo(new DecodedCommand.Valid(new ClientCommand.SendMessage("7", "r", "hi")));
    }

    @Test
    void roomsGivenAsWholeNumbersBecomeStrings() {
        // The seed's clients sent room numbers; its server turned them into strings.
        assertThat(codec.decodeCommand("{\"type\":\"join\",\"room\":42,\"id\":\"c1\"}"))
                .isEqualTo(new DecodedCommand.Valid(new ClientCommand.Join("c1", "42")));
        assertThat(codec.decodeCommand("{\"type\":\"message\",\"room\":7,\"message\":\"hi\"}"))
                .isEqualTo(new DecodedCommand.Valid(new ClientCommand.SendMessage(null, "7", "hi")));
        assertThat(codec.decodeCommand("{\"type\":\"exit\",\"room\":123456789012345678901234567890}"))
                .isEqualTo(new DecodedCommand.Valid(new ClientCommand.Exit(null, "123456789012345678901234567890")));
        assertThat(error("{\"type\":\"join\",\"room\":1.5}").reason()).contains("whole number");
        assertThat(error("{\"type\":\"join\",\"room\":true}").code()).isEqualTo("invalid_command");
    }

    @Test
    void explainsEachKindOfBadCommandAndKeepsTheId() {
        assertThat(error("not json")).extracting(ServerEvent.Error::code).isEqualTo("bad_json");
        assertThat(error("[1,2]")).extracting(ServerEvent.Error::code).isEqualTo("bad_json");
        ServerEvent.Error unknown = error("{\"type\":\"dance\",\"id\":\"x\"}");
        assertThat(unknown.code()).isEqualTo("unknown_type");
        assertThat(unknown.id()).isEqualTo("x");
        assertThat(unknown.reason()).contains("dance");
        assertThat(error("{\"room\":\"r\"}").code()).isEqualTo("unknown_type");
        ServerEvent.Error noRoom = error("{\"type\":\"join\",\"id\":\"j\"}");
        assertThat(noRoom.code()).isEqualTo("invalid_command");
        assertThat(noRoom.id()).isEqualTo("j");
        assertThat(error("{\"type\":\"join\",\"room\":\"\"}").code()).isEqualTo("invalid_command");
        assertThat(error("{\"type\":\"join\",\"room\":\"a\\nb\"}").code()).isEqualTo("invalid_command");
        assertThat(error("{\"type\":\"message\",\"room\":\"r\"}").reason()).contains("'message'");
        assertThat(error("{\"type\":\"message\",\"room\":\"r\",\"message\":\"\"}").code()).isEqualTo("invalid_command");
        assertThat(error("{\"type\":\"join\",\"room\":\"r\",\"id\":{}}").code()).isEqualTo("invalid_command");
    }

    @Test
    void writesEventsWithTheirTypeFirstAndWithoutNulls() {
        String json = codec.encode(new ServerEvent.Message("17", "lobby", new Sender("u1", "ada"), "hi", 5L)).json();
        assertThat(json).isEqualTo("{\"type\":\"message\",\"id\":\"17\",\"room\":\"lobby\","
                + "\"sender\":{\"userId\":\"u1\",\"userName\":\"ada\"},\"message\":\"hi\",\"ts\":5}");
        assertThat(codec.encode(new ServerEvent.Ok(null, null)).json()).isEqualTo("{\"type\":\"ok\"}");
        assertThat(codec.encode(ServerEvent.Error.of("c", ErrorCode.NOT_JOINED, "no")).json())
                .isEqualTo("{\"type\":\"error\",\"id\":\"c\",\"code\":\"not_joined\",\"reason\":\"no\"}");
        assertThat(codec.encode(new ServerEvent.Members("lobby", List.of("a", "b"))).json())
                .isEqualTo("{\"type\":\"members\",\"room\":\"lobby\",\"users\":[\"a\",\"b\"]}");
        assertThat(codec.encode(new ServerEvent.Users("c9", List.of("a", "b"))).json())
                .isEqualTo("{\"type\":\"users\",\"id\":\"c9\",\"users\":[\"a\",\"b\"]}");
    }

    @Test
    void eventsRoundTripForClients() {
        List<ServerEvent> events = List.of(
                new ServerEvent.Ok("1", "9"),
                ServerEvent.Error.of(null, ErrorCode.BAD_JSON, "x"),
                new ServerEvent.Message("3", "r", new Sender("u", "n"), "m", 1),
                new ServerEvent.UserJoined("r", "n"),
                new ServerEvent.UserLeft("r", "n"),
                new ServerEvent.Members("r", List.of("n", "m")),
                new ServerEvent.Users("4", List.of("n")));
        for (ServerEvent event : events) {
            assertThat(codec.decodeEvent(codec.encode(event).json())).isEqualTo(event);
        }
    }

    @Property(tries = 200)
    void anyMessageTextSurvivesTheRoundTrip(@ForAll @StringLength(min = 1, max = 200) String text) {
        String json = codec.encodeCommand(new ClientCommand.SendMessage("i", "room", text));
        assertThat(codec.decodeCommand(json)).isEqualTo(new DecodedCommand.Valid(new ClientCommand.SendMessage("i", "room", text)));
    }

    private ServerEvent.Error error(String text) {
        DecodedCommand decoded = codec.decodeCommand(text);
        assertThat(decoded).isInstanceOf(DecodedCommand.Invalid.class);
        return ((DecodedCommand.Invalid) decoded).error();
    }
}
