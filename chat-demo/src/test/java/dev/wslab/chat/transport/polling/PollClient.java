package dev.wslab.chat.transport.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** A polling chat client for tests, on the JDK's HttpClient: it keeps its cursor like a real client. */
final class PollClient {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    /** Status and parsed body of one answer. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        List<ServerEvent> events() {
            List<ServerEvent> out = new ArrayList<>();
            for (JsonNode event : body.get("events")) {
                out.add(CODEC.decodeEvent(event.toString()));
            }
            return out;
        }

        long cursor() {
            return body.get("cursor").asLong();
        }
    }

    private final URI base;
    private final String token;
    final String sessionId;
    long cursor;
    final List<ServerEvent> received = new ArrayList<>();

    private PollClient(URI base, String token, String sessionId) {
        this.base = base;
        this.token = token;
        this.sessionId = sessionId;
    }

    /** Creates a session for {@code token}'s user. */
    static PollClient open(ChatServer server, String token) {
        Answer created = send(request(server.httpUri().resolve("/poll/sessions"), token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (created.status() != 201) {
            throw new IllegalStateException("create session: " + created.status() + " " + created.body());
        }
        return new PollClient(server.httpUri(), token, created.body().get("sessionId").asText());
    }

    URI eventsUri(long fromCursor, String wait) {
        return base.resolve("/poll/sessions/" + sessionId + "/events?cursor=" + fromCursor
                + (wait == null ? "" : "&wait=" + wait));
    }

    /** One poll with the client's cursor; on 200 the cursor moves on and the events are recorded. */
    Answer poll(String wait) {
        Answer answer = send(request(eventsUri(cursor, wait), token).GET());
        accept(answer);
        return answer;
    }

    /** Starts a poll without waiting for it (a held long poll). */
    CompletableFuture<Answer> pollAsync(String wait) {
        return HTTP.sendAsync(request(eventsUri(cursor, wait), token).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(PollClient::parse);
    }

    /** Records a 200 answer's events and moves the cursor. */
    void accept(Answer answer) {
        if (answer.status() == 200) {
            received.addAll(answer.events());
            cursor = answer.cursor();
        }
    }

    /** Polls (short) until an event matching {@code type} arrived, for at most 5 s. */
    <T extends ServerEvent> T await(Class<T> type, Predicate<T> test) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (; seen < received.size(); seen++) {
                ServerEvent event = received.get(seen);
                if (type.isInstance(event) && test.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            Answer answer = poll("1");
            if (answer.status() != 200) {
                throw new AssertionError("poll answered " + answer.status() + " " + answer.body());
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 5 s; received " + received);
    }

    Answer command(String json) {
        return send(request(base.resolve("/poll/sessions/" + sessionId + "/commands"), token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer join(String room, String id) {
        return command("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"" + id + "\"}");
    }

    Answer message(String room, String text, String id) {
        return command("{\"type\":\"message\",\"room\":\"" + room + "\",\"message\":\"" + text + "\",\"id\":\"" + id + "\"}");
    }

    Answer delete() {
        return send(request(base.resolve("/poll/sessions/" + sessionId), token).DELETE());
    }

    static HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static Answer send(HttpRequest.Builder request) {
        try {
            return parse(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer parse(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
