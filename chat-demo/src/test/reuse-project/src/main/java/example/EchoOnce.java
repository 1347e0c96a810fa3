package example;

import dev.wslab.client.ClientOptions;
import dev.wslab.client.WebSocketClient;
import dev.wslab.client.WebSocketSession;
import dev.wslab.framing.connection.Event;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Sends one message to a WebSocket echo server and prints what comes back: {@code echo: <text>}. */
public final class EchoOnce {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String text = args.length > 1 ? args[1] : "hello from another project";
        ClientOptions options = ClientOptions.builder().connectTimeout(Duration.ofSeconds(5)).build();
        try (WebSocketSession session = WebSocketClient.connect(uri, options)) {
            session.sendText(text);
            Optional<Event> answer = session.nextEvent(Duration.ofSeconds(10));
            if (answer.isPresent() && answer.get() instanceof Event.Text echoed) {
                System.out.println("echo: " + echoed.text());
            } else {
                System.out.println("no echo: " + answer);
                System.exit(1);
            }
        }
    }
}
