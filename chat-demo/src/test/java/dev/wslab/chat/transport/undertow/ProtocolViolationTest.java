package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A raw-socket client breaks the rules; the server answers with the RFC's close code and drops TCP. */
class ProtocolViolationTest {

    private static ChatServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config());
        token = Accounts.registerAndLogin(server, "mallory");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static RawClient open() {
        RawClient client = RawClient.connect(server.port());
        client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
        assertThat(client.readHead().status()).isEqualTo(101);
        return client;
    }

    private static RawClient.RawFrame closeAfter(RawClient client, byte[] bytes) {
        client.write(bytes);
        var frames = client.readUntilClose();
        RawClient.RawFrame close = frames.get(frames.size() - 1);
        assertThat(client.awaitEof()).as("server closes TCP after failing the connection").isTrue();
        return close;
    }

    @Test
    void unmaskedClientFrameIsAProtocolError1002() {
        try (RawClient client = open()) {
            byte[] unmasked = RawClient.frame(true, 0x1, false, "{\"type\":\"join\",\"room\":\"r\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(closeAfter(client, unmasked).closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void invalidUtf8InATextMessageIs1007() {
        try (RawClient client = open()) {
            byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
            assertThat(closeAfter(client, RawClient.frame(true, 0x1, true, notUtf8)).closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aMessageOverTheLimitIs1009() {
        try (RawClient client = open()) {
            byte[] tooBig = new byte[64 * 1024 + 1];
            assertThat(closeAfter(client, RawClient.frame(true, 0x2, true, tooBig)).closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aFragmentedMessageOverTheLimitIs1009() {
        try (RawClient client = open()) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            byte[] half = new byte[40 * 1024];
            frames.writeBytes(RawClient.frame(false, 0x1, true, half));
            frames.writeBytes(RawClient.frame(true, 0x0, true, half));
            assertThat(closeAfter(client, frames.toByteArray()).closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void binaryOnTheChatIsUnsupportedData1003() {
        try (RawClient client = open()) {
            client.write(RawClient.frame(true, 0x2, true, new byte[] {1, 2, 3}));
            var frames = client.readUntilClose();
            RawClient.RawFrame close = frames.get(frames.size() - 1);
            assertThat(close.closeCode()).isEqualTo(1003);
            client.write(RawClient.frame(true, 0x8, true, new byte[] {0x03, (byte) 0xE8}));
            assertThat(client.awaitEof()).isTrue();
        }
    }

    @Test
    void framesSentInTheSamePacketAsTheUpgradeRequestAreProcessed() {
        try (RawClient client = RawClient.connect(server.port())) {
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.writeBytes(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token)
                    .getBytes(StandardCharsets.ISO_8859_1));
            packet.writeBytes(RawClient.text("{\"type\":\"join\",\"room\":\"glued\",\"id\":\"g1\"}"));
            packet.writeBytes(RawClient.text("{\"type\":\"message\",\"room\":\"glued\",\"message\":\"same packet\",\"id\":\"g2\"}"));
            client.write(packet.toByteArray()); // one write: the frames ride in the upgrade's TCP segment
            assertThat(client.readHead().status()).isEqualTo(101);
            assertThat(client.readTextContaining("\"g1\"")).isEqualTo("{\"type\":\"ok\",\"id\":\"g1\"}");
            assertThat(client.readTextContaining("same packet")).contains("\"room\":\"glued\"");
            assertThat(client.readTextContaining("\"g2\"")).startsWith("{\"type\":\"ok\",\"id\":\"g2\"");
        }
    }

    @Test
    void aMessageAndItsCloseInOnePacketStillGetTheAnswerFirst() {
        // Autobahn case 7.1.1 does this: the echo must come back before the answering Close.
        try (RawClient client = RawClient.connect(server.port())) {
            client.write(RawClient.upgradeRequest("/echo", server.port()));
            assertThat(client.readHead().status()).isEqualTo(101);
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.writeBytes(RawClient.text("Hello World!"));
            packet.writeBytes(RawClient.frame(true, 0x8, true, new byte[] {0x03, (byte) 0xE8}));
            client.write(packet.toByteArray());
            var frames = client.readUntilClose();
            assertThat(frames).hasSize(2);
            assertThat(frames.get(0).text()).isEqualTo("Hello World!");
            assertThat(frames.get(1).closeCode()).isEqualTo(1000);
            assertThat(client.awaitEof()).isTrue();
        }
    }

    @Test
    void pingIsAnsweredWithTheSamePayload() {
        try (RawClient client = open()) {
            client.write(RawClient.frame(true, 0x9, true, "are you there".getBytes(StandardCharsets.UTF_8)));
            RawClient.RawFrame frame;
            do {
                frame = client.readFrame();
            } while (frame.opcode() == 0x1);
            assertThat(frame.opcode()).isEqualTo(0xA);
            assertThat(frame.text()).isEqualTo("are you there");
        }
    }

    @Test
    void aCleanCloseIsEchoedAndTheServerClosesTcp() {
        try (RawClient client = open()) {
            byte[] body = {0x03, (byte) 0xE8, 'b', 'y', 'e'};
            RawClient.RawFrame close = closeAfter(client, RawClient.frame(true, 0x8, true, body));
            assertThat(close.closeCode()).isEqualTo(1000);
        }
    }
}
