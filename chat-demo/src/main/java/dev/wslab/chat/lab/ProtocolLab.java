package dev.wslab.chat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wslab.chat.http.JsonBody;
import dev.wslab.chat.http.JsonHttp;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /lab}: the protocol lab's page (static files from the class path's {@code lab/}) and its JSON
 * endpoints under {@code /lab/api/}. No login: nothing here touches accounts, rooms or connections; the
 * server's front door (Host, Origin, security headers) applies as to every route.
 *
 * <ul>
 *   <li>{@code GET /lab/api/examples}: the starting requests, the example frames and the exercises;</li>
 *   <li>{@code POST /lab/api/handshake}: {@code {request, originPolicy, allowedOrigins, subprotocols, deflate}};</li>
 *   <li>{@code POST /lab/api/key}: {@code {key}}, the accept step by step;</li>
 *   <li>{@code POST /lab/api/frame}: {@code {hex, sender, deflate, noContextTakeover}}, annotated;</li>
 *   <li>{@code POST /lab/api/build}: {@code {fin, rsv1, opcode, mask, payloadText|payloadHex, closeCode, compress}};</li>
 *   <li>{@code POST /lab/api/check}: {@code {id, answer}} for an exercise.</li>
 * </ul>
 * Bodies are JSON of at most {@value #MAX_BODY_BYTES} bytes (413 beyond); bad input gets a 400 whose
 * {@code reason} says what is wrong, never a stack trace.
 */
public final class ProtocolLab {
    /** The largest request body: a 16 KiB frame in hex with spaces, and some room. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ProtocolLab.class);

    private final JsonBody bodies = new JsonBody(MAX_BODY_BYTES, Duration.ofSeconds(10));
    private final HttpHandler files = new ResourceHandler(
            new ClassPathResourceManager(ProtocolLab.class.getClassLoader(), "lab")).setWelcomeFiles("index.html");
    private final Map<String, Function<JsonNode, JsonNode>> posts = Map.of(
            "/api/handshake", HandshakeLab::explain,
            "/api/key", HandshakeLab::explainKey,
            "/api/frame", FrameLab::annotate,
            "/api/build", FrameLab::build,
            "/api/check", Exercises::check);

    /** The handler to mount under {@code /lab}. */
    public HttpHandler handler() {
        return this::handle;
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (path.isEmpty() && exchange.getRequestPath().equals("/lab")) {
            // The page's links are relative to /lab/: send the student there.
            exchange.setStatusCode(302);
            exchange.getResponseHeaders().put(Headers.LOCATION, "/lab/");
            exchange.endExchange();
            return;
        }
        if (!path.startsWith("/api/")) {
            files.handleRequest(exchange);
            return;
        }
        if (path.equals("/api/examples")) {
            if (!exchange.getRequestMethod().equals(Methods.GET)) {
                notAllowed(exchange, "GET");
                return;
            }
            ObjectNode examples = JsonHttp.mapper().createObjectNode();
            examples.set("requests", JsonHttp.mapper().valueToTree(HandshakeLab.startingRequests()));
            examples.set("frames", JsonHttp.mapper().valueToTree(FrameLab.examples()));
            examples.set("exercises", Exercises.list());
            examples.put("maxFrameBytes", LabInput.MAX_FRAME_BYTES);
            examples.put("maxBodyBytes", MAX_BODY_BYTES);
            JsonHttp.send(exchange, 200, examples);
            return;
        }
        Function<JsonNode, JsonNode> endpoint = posts.get(path);
        if (endpoint == null) {
            JsonHttp.sendError(exchange, 404, "not_found", "the lab has no " + path + "; see /lab/");
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            notAllowed(exchange, "POST");
            return;
        }
        bodies.read(exchange, (ex, body) -> answer(ex, endpoint, body));
    }

    private static void answer(HttpServerExchange exchange, Function<JsonNode, JsonNode> endpoint, JsonNode body) {
        if (!body.isObject()) {
            JsonHttp.sendError(exchange, 400, "bad_input", "send a JSON object, e.g. {\"hex\": \"81 05 48 65 6c 6c 6f\"}");
            return;
        }
        JsonNode result;
        try {
            result = endpoint.apply(body);
        } catch (LabInputException e) {
            JsonHttp.sendError(exchange, e.code().equals("too_large") ? 413 : 400, e.code(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.warn("lab {}: {}", exchange.getRelativePath(), e.toString());
            JsonHttp.sendError(exchange, 400, "lab_error", "the lab could not work with this input ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return;
        }
        JsonHttp.send(exchange, 200, result);
    }

    private static void notAllowed(HttpServerExchange exchange, String allowed) {
        exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
        JsonHttp.sendError(exchange, 405, "method_not_allowed", "use " + allowed);
    }
}
