package dev.wslab.chat.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.auth.Account;
import dev.wslab.chat.auth.JwtSecret;
import dev.wslab.chat.auth.TokenService;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.rooms.User;
import dev.wslab.chat.storage.EmbeddedDatabase;
import dev.wslab.chat.storage.JdbcAccountStore;
import dev.wslab.chat.support.TestServers;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 2,000 real WebSocket connections to one in-process server, 100 rooms of 20 users. The seed sent
 * every session the whole user list on every connect (2,000 lists to the first client alone); now
 * each client hears only of its own room: one {@code members} list plus one {@code userJoined} per
 * later arrival, so presence events per client are bounded by its room's joins (20), not by N.
 * A count, not a time: the connects run with generous timeouts.
 */
class PresenceAtScaleTest {

    private static final int CLIENTS = 2_000;
    private static final int ROOM_SIZE = 20;
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    /** One connection's view: counts of what it received, and futures for the replies it awaits. */
    static final class Counting implements WebSocket.Listener {
        final String room;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        final CompletableFuture<Void> synced = new CompletableFuture<>();
        int members = -1;
        int membersEvents;
        int userJoined;
        int userLeft;
        int otherPresence;
        long bytes;
        private final StringBuilder partial = new StringBuilder();

        Counting(String room) {
            this.room = room;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String json = partial.toString();
                partial.setLength(0);
                bytes += json.length();
                ServerEvent event = CODEC.decodeEvent(json);
                if (event instanceof ServerEvent.Members m) {
                    membersEvents++;
                    members = m.users().size();
                } else if (event instanceof ServerEvent.UserJoined j) {
                    if (j.room().equals(room)) {
                        userJoined++;
                    } else {
                        otherPresence++;
                    }
                } else if (event instanceof ServerEvent.UserLeft) {
                    userLeft++;
                } else if (event instanceof ServerEvent.Ok ok && "join".equals(ok.id())) {
                    joined.complete(null);
                } else if (event instanceof ServerEvent.Message m && m.message().equals("sync")) {
                    synced.complete(null);
                } else if (!(event instanceof ServerEvent.Ok)) {
                    otherPresence++; // anything else (an old-style user list) is unexpected here
                }
            }
            socket.request(1);
            return null;
        }
    }

    @Test
    void presenceEventsPerClientAreBoundedByTheJoinsInItsOwnRoom() throws Exception {
        TokenService tokens = new TokenService(JwtSecret.of(TestServers.SECRET), Duration.ofHours(1), Clock.systemUTC());
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(executor).build();
        List<Counting> views = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        // Tokens are bound to accounts: the 2,000 users are registered first, straight into the store
        // the server uses (hashing 2,000 passwords would only slow the test down; nobody logs in here).
        EmbeddedDatabase database = EmbeddedDatabase.open(EmbeddedDatabase.MEMORY);
        JdbcAccountStore store = new JdbcAccountStore(database);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < CLIENTS; i++) {
            store.add(new Account("u" + i, "user" + i, "not-a-password-hash", created));
        }
        try (database; ChatServer server = TestServers.start(TestServers.config(), ServerParts.builder().accountStore(store))) {
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String room = "scale-" + (i / ROOM_SIZE);
                Counting view = new Counting(room);
                views.add(view);
                String token = tokens.issue(new User("u" + i, "user" + i), created).token();
                inFlight.acquire();
                CompletableFuture<WebSocket> open = http.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(60))
                        .buildAsync(server.chatUri(), view)
                        .thenCompose(ws -> ws.sendText("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"join\"}", true))
                        .thenCompose(ws -> view.joined.thenApply(ignored -> ws));
                open.whenComplete((ws, error) -> inFlight.release());
                opening.add(open);
            }
            for (CompletableFuture<WebSocket> open : opening) {
                sockets.add(open.get(120, TimeUnit.SECONDS));
            }
            assertThat(server.chat().sessionCount()).isEqualTo(CLIENTS);

            // Every join of a room was answered before its sync message is posted, and a room's
            // events are delivered in order, so the sync comes after every presence event.
            for (int r = 0; r < CLIENTS / ROOM_SIZE; r++) {
                sockets.get(r * ROOM_SIZE).sendText(
                        "{\"type\":\"message\",\"room\":\"scale-" + r + "\",\"message\":\"sync\"}", true).get(60, TimeUnit.SECONDS);
            }
            for (Counting view : views) {
                view.synced.get(120, TimeUnit.SECONDS);
            }
            long maxBytes = 0;
            for (Counting view : views) {
                assertThat(view.membersEvents).as("members lists for one join").isEqualTo(1);
                assertThat(view.members + view.userJoined).as("snapshot plus later arrivals = the room").isEqualTo(ROOM_SIZE);
                assertThat(view.membersEvents + view.userJoined).as("presence events").isLessThanOrEqualTo(ROOM_SIZE);
                assertThat(view.userLeft).isZero();
                assertThat(view.otherPresence).as("presence from other rooms").isZero();
                maxBytes = Math.max(maxBytes, view.bytes);
            }
            // 20 users' names and a message: a few kB, where the seed's user lists were megabytes.
            assertThat(maxBytes).isLessThan(4_096);
        } finally {
            for (WebSocket socket : sockets) {
                socket.abort();
            }
            executor.shutdownNow();
        }
    }
}
