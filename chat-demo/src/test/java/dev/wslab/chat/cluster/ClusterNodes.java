package dev.wslab.chat.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RedisServer;
import dev.wslab.chat.support.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Helpers shared by the cluster tests: in-process nodes on one Redis, waiting for events. */
final class ClusterNodes {

    private ClusterNodes() {}

    /** A node of the cluster on {@code redis}, on its own free port. */
    static ChatServer node(RedisServer redis, Duration nodeTimeout) {
        return TestServers.start(TestServers.config().redis(redis.uri()).nodeTimeout(nodeTimeout));
    }

    /** Waits (up to {@code seconds}) until the client has received {@code count} events matching {@code test}; returns all it has. */
    static List<ServerEvent> awaitCount(JdkChatClient client, Predicate<ServerEvent> test, int count, int seconds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (true) {
            List<ServerEvent> all = client.drainAll();
            long matching = all.stream().filter(test).count();
            if (matching >= count) {
                return all;
            }
            if (System.nanoTime() > deadline) {
                Map<String, Long> kinds = new TreeMap<>();
                for (ServerEvent event : all) {
                    String kind = event instanceof ServerEvent.Error error ? "error " + error.code() + ": " + error.reason()
                            : event.getClass().getSimpleName();
                    kinds.merge(kind, 1L, Long::sum);
                }
                throw new AssertionError("expected " + count + " matching events within " + seconds + " s, got " + matching
                        + "; all events by kind: " + kinds);
            }
            sleep(50);
        }
    }

    /** The messages of {@code room} among {@code events}, in arrival order. */
    static List<ServerEvent.Message> messagesOf(List<ServerEvent> events, String room) {
        List<ServerEvent.Message> messages = new ArrayList<>();
        for (ServerEvent event : events) {
            if (event instanceof ServerEvent.Message m && m.room().equals(room)) {
                messages.add(m);
            }
        }
        return messages;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Message id → how often a client saw it, as a live message or inside a history. */
    static Map<String, Integer> messageIdCounts(List<JsonNode> events) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            if (type.equals("message")) {
                counts.merge(event.path("id").asText(), 1, Integer::sum);
            } else if (type.equals("history")) {
                event.path("messages").forEach(m -> counts.merge(m.path("id").asText(), 1, Integer::sum));
            }
        }
        return counts;
    }

    /** Waits until {@code condition} holds, at most {@code wait}; fails naming {@code what}. */
    static void awaitTrue(Duration wait, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
