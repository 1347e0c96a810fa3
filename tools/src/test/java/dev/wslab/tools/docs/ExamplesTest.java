package dev.wslab.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.framing.CloseStatus;
import dev.wslab.framing.Limits;
import dev.wslab.framing.Role;
import dev.wslab.framing.codec.DecodeResult;
import dev.wslab.framing.codec.Frame;
import dev.wslab.framing.codec.FrameDecoder;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.handshake.ClientHandshake;
import dev.wslab.handshake.ClientHandshakeResult;
import dev.wslab.handshake.HeadParseResult;
import dev.wslab.handshake.HttpHeadParser;
import dev.wslab.handshake.UpgradeResponse;
import dev.wslab.tools.docs.examples.BlockingEchoClient;
import dev.wslab.tools.docs.examples.BlockingEchoServer;
import dev.wslab.tools.docs.examples.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example programs the walkthrough includes verbatim really work. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExamplesTest {

    private static String run(String name) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Examples.byName(name).orElseThrow().run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void in_memory_echo_runs_handshake_messages_and_a_clean_close() throws Exception {
        String out = run("in-memory-echo");
        assertThat(out).contains("status 101", "subprotocol chat", "server event: Text[text=Hello]",
                "client event: Text[text=HELLO]",
                "client event: Closed[code=1000, reason=, clean=true, initiatedByPeer=false, sent=Optional[CloseStatus[code=1000, reason=]]]",
                "server closes TCP now: true; client waits for that: true");
    }

    @Test
    void the_socket_echo_server_and_client_talk_over_loopback_and_close_cleanly() throws Exception {
        String out = run("socket-echo");
        assertThat(out).contains("connected, subprotocol chat", "received Text[text=Hello]",
                "received Text[text=κόσμε]", "Closed[code=1000, reason=, clean=true, initiatedByPeer=false, sent=Optional[CloseStatus[code=1000, reason=]]]",
                "server closed TCP: true");
    }

    @Test
    void the_blocking_server_serves_one_connection_after_another() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (BlockingEchoServer server = new BlockingEchoServer(0)) {
            Future<?> serving = thread.submit(() -> {
                server.serveOne();
                server.serveOne();
                return null;
            });
            for (String text : List.of("first", "second")) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BlockingEchoClient.talk(server.port(), List.of(text),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
                assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("received Text[text=" + text + "]");
            }
            serving.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void the_blocking_server_echoes_a_text_of_several_kilobytes() throws Exception {
        // The server's frame for a large text is a read-only view of the payload: the example must not need array().
        String text = "κόσμε ".repeat(500);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (BlockingEchoServer server = new BlockingEchoServer(0)) {
            Future<?> serving = thread.submit(() -> {
                server.serveOne();
                return null;
            });
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BlockingEchoClient.talk(server.port(), List.of(text), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("received Text[text=" + text + "]");
            serving.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void the_blocking_server_echoes_a_message_that_arrives_in_the_same_read_as_the_close() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (BlockingEchoServer server = new BlockingEchoServer(0);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            Future<?> serving = thread.submit(() -> {
                server.serveOne();
                return null;
            });
            socket.setSoTimeout(10_000);
            ClientHandshake handshake = ClientHandshake.builder().host("127.0.0.1").subprotocols("chat").build();
            socket.getOutputStream().write(handshake.requestBytes());
            HttpHeadParser<UpgradeResponse> parser = HttpHeadParser.forResponses();
            HeadParseResult<UpgradeResponse> head = new HeadParseResult.NeedMore<>();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            while (head instanceof HeadParseResult.NeedMore) {
                int b = socket.getInputStream().read();
                assertThat(b).as("the server answers the handshake").isNotNegative();
                head = parser.feed(ByteBuffer.wrap(new byte[] {(byte) b}));
            }
            assertThat(handshake.validate(((HeadParseResult.Complete<UpgradeResponse>) head).head()))
                    .isInstanceOf(ClientHandshakeResult.Established.class);

            FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
            ByteBuffer text = encoder.encode(Frame.text("last words"));
            ByteBuffer close = encoder.encode(Frame.close(CloseStatus.NORMAL));
            byte[] both = new byte[text.remaining() + close.remaining()];
            text.get(both, 0, text.remaining());
            close.get(both, both.length - close.remaining(), close.remaining());
            socket.getOutputStream().write(both);                 // one write: the message and the Close together
            rest.write(socket.getInputStream().readAllBytes());   // until the server closes TCP

            FrameDecoder decoder = new FrameDecoder(Role.CLIENT, Limits.DEFAULTS);
            ByteBuffer answer = ByteBuffer.wrap(rest.toByteArray());
            List<Frame> frames = new java.util.ArrayList<>();
            while (answer.hasRemaining()) {
                if (decoder.decode(answer) instanceof DecodeResult.FrameDecoded decoded) {
                    frames.add(decoded.frame());
                }
            }
            assertThat(frames).containsExactly(Frame.text("last words"), Frame.close(CloseStatus.NORMAL));
            serving.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void client_checks_accept_the_right_answer_and_refuse_each_broken_one() throws Exception {
        String out = run("client-checks");
        assertThat(out).contains("OK      Established[subprotocol=Optional[chat]");
        assertThat(out.lines().filter(l -> l.contains("FAILED"))).hasSize(5);
    }

    @Test
    void fragments_are_reassembled_with_the_ping_in_between() throws Exception {
        String out = run("fragments");
        assertThat(out).contains("01 05 48 65 6c 6c 6f 00 05 2c 20 77 6f 72 80 02 6c 64",
                "client event: Text[text=Hello, world]", "client event: Text[text=Hello]");
        assertThat(out.indexOf("Ping[")).isLessThan(out.indexOf("Text[text=Hello]\n"));
    }

    @Test
    void every_example_has_a_main_class_in_the_examples_package() {
        for (String name : Examples.names()) {
            Class<?> main = Examples.byName(name).orElseThrow().mainClass();
            assertThat(main.getPackageName()).isEqualTo("dev.wslab.tools.docs.examples");
            assertThat(main.getDeclaredMethods()).anySatisfy(m -> assertThat(m.getName()).isEqualTo("main"));
        }
    }
}
