package dev.wslab.chat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wslab.chat.http.JsonHttp;
import dev.wslab.handshake.HandshakeCheck;
import dev.wslab.handshake.HandshakeDecision;
import dev.wslab.handshake.HandshakeExplainer;
import dev.wslab.handshake.OriginPolicy;
import dev.wslab.handshake.PerMessageDeflateNegotiator;
import dev.wslab.handshake.ServerHandshake;
import dev.wslab.handshake.Sha1Provider;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The handshake lab: a request in, every server rule with its verdict and RFC section, the accept derived
 * step by step, and the response bytes out — all from {@link HandshakeExplainer} over a real
 * {@link ServerHandshake}, configured as the student chooses (Origin policy, subprotocols, deflate).
 */
final class HandshakeLab {

    private HandshakeLab() {}

    /** Requests to start from: the RFC's, the seed's, and broken ones from the gallery. */
    static Map<String, String> startingRequests() {
        String rfc = HandshakeExplainer.RFC_REQUEST.replace("\r\n", "\n");
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("rfc", rfc);
        requests.put("seed", HandshakeExplainer.SEED_REQUEST.replace("\r\n", "\n"));
        requests.put("post-instead-of-get", rfc.replace("GET /chat HTTP/1.1", "POST /chat HTTP/1.1"));
        requests.put("http-1-0", rfc.replace("GET /chat HTTP/1.1", "GET /chat HTTP/1.0"));
        requests.put("missing-host", rfc.replace("Host: server.example.com\n", ""));
        requests.put("connection-without-upgrade", rfc.replace("Connection: Upgrade", "Connection: keep-alive"));
        requests.put("old-draft", rfc.replace("Connection: Upgrade", "Connection: keep-alive")
                .replace("Sec-WebSocket-Protocol: chat, superchat\n", "")
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));
        requests.put("wrong-version", rfc.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));
        requests.put("bad-key", rfc.replace("x3JJHMbDL1EzLkh9GBhXDw==", "AAAAAAAAAAAAAAAAAAAAAAA="));
        requests.put("duplicate-key", rfc.replace("Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\n",
                "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"));
        requests.put("obsolete-line-folding", rfc.replace("Sec-WebSocket-Protocol: chat, superchat\n",
                "Sec-WebSocket-Protocol: chat, superchat\n superduperchat\n"));
        return requests;
    }

    /** The server the student configured. */
    static ServerHandshake server(JsonNode body) {
        String policy = LabInput.text(body, "originPolicy", "any").trim().toLowerCase(Locale.ROOT);
        List<String> listed = list(LabInput.text(body, "allowedOrigins", ""));
        List<String> subprotocols = list(LabInput.text(body, "subprotocols", "chat"));
        ServerHandshake.Builder server = ServerHandshake.builder().subprotocols(subprotocols);
        if (LabInput.flag(body, "deflate")) {
            server.extensionNegotiator(PerMessageDeflateNegotiator.withDefaults());
        }
        OriginPolicy allowList = OriginPolicy.allowList(listed);
        switch (policy) {
            case "any":
                server.originPolicy(listed.isEmpty() ? OriginPolicy.anyOrigin() : allowList);
                break;
            case "same-host":
                OriginPolicy sameHost = OriginPolicy.sameHost();
                server.originPolicy((origin, request) -> sameHost.allows(origin, request) || allowList.allows(origin, request));
                break;
            default:
                throw new LabInputException("bad_input", "originPolicy must be 'any' or 'same-host', not '" + policy + "'");
        }
        return server.build();
    }

    /** The whole explanation as JSON. */
    static ObjectNode explain(JsonNode body) {
        String request = LabInput.requiredText(body, "request");
        if (request.length() > LabInput.MAX_REQUEST_CHARS) {
            throw new LabInputException("too_large", "the request has " + request.length()
                    + " characters; the lab takes at most " + LabInput.MAX_REQUEST_CHARS);
        }
        if (request.isBlank()) {
            throw new LabInputException("bad_input", "the request is empty: start from one of the examples");
        }
        HandshakeExplainer explainer = new HandshakeExplainer(server(body), Sha1Provider.JDK);
        HandshakeExplainer.RequestExplanation e = explainer.explainRequest(request.getBytes(StandardCharsets.ISO_8859_1));
        ObjectNode out = JsonHttp.mapper().createObjectNode();
        out.put("accepted", e.accepted());
        ArrayNode notes = out.putArray("notes");
        e.notes().forEach(notes::add);
        e.parseError().ifPresent(p -> out.put("parseError", p));
        out.set("checks", checks(e.checks()));
        out.set("extensions", checks(e.extensions()));
        e.key().ifPresent(k -> out.set("key", key(k)));
        e.decision().ifPresent(d -> {
            ObjectNode decision = out.putObject("decision");
            decision.put("status", d instanceof HandshakeDecision.Rejected r ? r.status() : 101);
            if (d instanceof HandshakeDecision.Rejected r) {
                decision.put("reason", r.reason());
                decision.put("section", r.rfcSection());
                decision.put("response", visible(r.toResponseBytes()));
            } else if (d instanceof HandshakeDecision.Accepted a) {
                decision.put("response", visible(a.toResponseBytes()));
            }
        });
        out.put("text", e.toText());
        return out;
    }

    /** The accept alone, step by step, for a key typed on its own. */
    static ObjectNode explainKey(JsonNode body) {
        String key = LabInput.requiredText(body, "key");
        if (key.length() > 200) {
            throw new LabInputException("too_large", "a Sec-WebSocket-Key has 24 characters; this one has " + key.length());
        }
        return key(new HandshakeExplainer(ServerHandshake.builder().build(), Sha1Provider.JDK).explainKey(key));
    }

    private static ObjectNode key(HandshakeExplainer.KeyExplanation k) {
        ObjectNode key = JsonHttp.mapper().createObjectNode();
        key.put("key", k.key());
        ArrayNode steps = key.putArray("steps");
        for (HandshakeExplainer.Step step : k.steps()) {
            ObjectNode s = steps.addObject();
            s.put("title", step.title());
            s.put("result", step.result());
            ArrayNode dumps = s.putArray("dumps");
            for (HandshakeExplainer.ByteDump dump : step.dumps()) {
                dumps.addObject().put("label", dump.label()).put("hex", dump.hex());
            }
        }
        k.accept().ifPresent(a -> key.put("accept", a));
        key.put("text", k.toText());
        return key;
    }

    private static ArrayNode checks(List<HandshakeCheck> checks) {
        ArrayNode array = JsonHttp.mapper().createArrayNode();
        for (HandshakeCheck c : checks) {
            array.addObject().put("rule", c.rule()).put("section", c.rfcSection()).put("passed", c.passed())
                    .put("detail", c.detail());
        }
        return array;
    }

    /** The response as text with every CR LF shown, as the explainer prints it. */
    private static String visible(byte[] response) {
        return new String(response, StandardCharsets.UTF_8).replace("\r\n", "\\r\\n\n");
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
