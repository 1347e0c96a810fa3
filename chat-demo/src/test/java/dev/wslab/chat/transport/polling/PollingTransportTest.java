package dev.wslab.chat.transport.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.ServerParts;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.TestServers;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The polling transport end to end over real HTTP, next to the WebSocket transport on one server. */
class PollingTransportTest {

    private static ChatServer server;
    private static PollingTransport polling;
    private static String ada;
    private static String bob;

    @BeforeAll
    static void start() {
        polling = new PollingTransport(PollingConfig.defaults().withDefaultWait(Duration.ofMillis(400)));
        server = TestServers.start(TestServers.config(), ServerParts.builder().extension(polling));
        ada = Accounts.registerAndLogin(server, "ada");
        bob = Accounts.registerAndLogin(server, "bob");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aJoinBringsTheMembersThenTheOkAndTheCursorCountsEvents() {
        PollClient client = PollClient.open(server, ada);
        client.join("first-room", "j0");
        PollClient.Answer first = client.poll("0");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.events()).containsExactly(
                new ServerEvent.Members("first-room", List.of("ada")), new ServerEvent.Ok("j0", null));
        assertThat(first.cursor()).isEqualTo(first.events().size());
        client.delete();
    }

    @Test
    void twoPollingClientsChatAndTheReplyComesAfterTheSendersOwnMessage() {
        PollClient a = PollClient.open(server, ada);
        PollClient b = PollClient.open(server, bob);
        assertThat(a.join("poll-room", "j1").body().get("type").asText()).isEqualTo("ok");
        b.join("poll-room", "j2");
        a.await(ServerEvent.UserJoined.class, j -> j.userName().equals("bob") && j.room().equals("poll-room"));

        PollClient.Answer receipt = a.message("poll-room", "hello bob", "m1");
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.body().get("type").asText()).isEqualTo("ok");
        assertThat(receipt.body().get("id").asText()).isEqualTo("m1");

        ServerEvent.Message atBob = b.await(ServerEvent.Message.class, m -> m.message().equals("hello bob"));
        assertThat(atBob.sender().userName()).isEqualTo("ada");
        assertThat(atBob.id()).isEqualTo(receipt.body().get("messageId").asText());

        // In the stream, exactly as on a WebSocket: the sender's own message, then the ok for it.
        a.await(ServerEvent.Ok.class, ok -> "m1".equals(ok.id()));
        int own = indexOf(a.received, e -> e instanceof ServerEvent.Message m && m.message().equals("hello bob"));
        int ok = indexOf(a.received, e -> e instanceof ServerEvent.Ok o && "m1".equals(o.id()));
        assertThat(own).isNotNegative().isLessThan(ok);
        a.delete();
        b.delete();
    }

    @Test
    void aPollingClientAndAWebSocketClientInOneRoomSeeEachOther() {
        PollClient a = PollClient.open(server, ada);
        try (JdkChatClient b = JdkChatClient.connectWithSubprotocol(server.chatUri(), bob)) {
            a.join("mixed", "j1");
            b.joinAndWait("mixed");
            a.await(ServerEvent.UserJoined.class, j -> j.userName().equals("bob") && j.room().equals("mixed"));

            a.message("mixed", "from polling", "m1");
            assertThat(b.await(ServerEvent.Message.class, m -> true).message()).isEqualTo("from polling");

            b.message("mixed", "from websocket", "m2");
            ServerEvent.Message atA = a.await(ServerEvent.Message.class, m -> m.message().equals("from websocket"));
            assertThat(atA.sender().userName()).isEqualTo("bob");

            a.delete();
            ServerEvent.UserLeft left = b.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada"));
            assertThat(left.room()).isEqualTo("mixed");
        }
    }

    /**
     * A polling member and a WebSocket member of one room hear the same presence changes, in the
     * same order, each once: carol's second tab and dave's polling session come and go around them.
     */
    @Test
    void aPollingAndAWebSocketMemberAgreeOnWhoIsInTheRoom() {
        String carol = Accounts.registerAndLogin(server, "carol");
        String dave = Accounts.registerAndLogin(server, "dave");
        PollClient a = PollClient.open(server, ada);
        try (JdkChatClient b = JdkChatClient.connectWithSubprotocol(server.chatUri(), bob)) {
            a.join("agree", "j1");
            b.joinAndWait("agree");
            JdkChatClient carol1 = JdkChatClient.connectWithHeader(server.chatUri(), carol);
            JdkChatClient carol2 = JdkChatClient.connectWithHeader(server.chatUri(), carol);
            carol1.joinAndWait("agree");
            carol2.joinAndWait("agree");
            assertThat(carol2.awaitEver(ServerEvent.Members.class, m -> true).users()).containsExactly("ada", "bob", "carol");
            PollClient d = PollClient.open(server, dave);
            d.join("agree", "jd");
            carol2.close();
            d.delete();
            carol1.close();
            // close() returns once carol's Close is sent; the server ends her session a moment later,
            // and the sync message must come after that to be a marker.
            for (int i = 0; i < 200 && server.chat().members("agree").contains("carol"); i++) {
                sleepMillis(25);
            }
            b.message("agree", "sync", "s");
            a.await(ServerEvent.Message.class, m -> m.message().equals("sync"));
            b.await(ServerEvent.Message.class, m -> m.message().equals("sync"));

            List<ServerEvent> atA = presenceAfter(a.received, "bob");
            List<ServerEvent> atB = presenceAfter(b.drainAll(), "bob");
            assertThat(atA).containsExactly(
                    new ServerEvent.UserJoined("agree", "carol"),
                    new ServerEvent.UserJoined("agree", "dave"),
                    new ServerEvent.UserLeft("agree", "dave"),
                    new ServerEvent.UserLeft("agree", "carol"));
            assertThat(atB).isEqualTo(atA);
            assertThat(server.chat().members("agree")).containsExactly("ada", "bob");
            a.delete();
        }
    }

    /** The deltas of room "agree" after {@code joiner} arrived (bob's own join is news only to ada). */
    private static List<ServerEvent> presenceAfter(List<ServerEvent> events, String joiner) {
        List<ServerEvent> out = new ArrayList<>();
        boolean started = false;
        for (ServerEvent e : events) {
            if (e instanceof ServerEvent.UserJoined j && j.userName().equals(joiner)
                    || e instanceof ServerEvent.Members m && m.room().equals("agree") && m.users().contains(joiner)) {
                started = true;
                continue;
            }
            if (started && (e instanceof ServerEvent.UserJoined || e instanceof ServerEvent.UserLeft)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void errorsAreRepliesNotSilence() {
        PollClient a = PollClient.open(server, ada);
        PollClient.Answer notJoined = a.message("nowhere", "hi", "x1");
        assertThat(notJoined.status()).isEqualTo(200);
        assertThat(notJoined.body().get("type").asText()).isEqualTo("error");
        assertThat(notJoined.body().get("code").asText()).isEqualTo("not_joined");
        assertThat(a.command("not json").body().get("code").asText()).isEqualTo("bad_json");
        a.await(ServerEvent.Error.class, e -> "x1".equals(e.id()));
        a.delete();
    }

    @Test
    void aLongPollIsHeldUntilAnEventArrives() throws Exception {
        PollClient a = PollClient.open(server, ada);
        PollClient b = PollClient.open(server, bob);
        a.join("held", "j");
        b.join("held", "j");
        a.await(ServerEvent.UserJoined.class, j -> j.userName().equals("bob") && j.room().equals("held"));
        drain(a);

        CompletableFuture<PollClient.Answer> held = a.pollAsync("20");
        b.message("held", "wake up", "m");
        // Had the poll not been held, it would have answered empty at once (or after 20 s): it carries the message.
        PollClient.Answer answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.events()).anySatisfy(e ->
                assertThat(e).isInstanceOfSatisfying(ServerEvent.Message.class, m -> assertThat(m.message()).isEqualTo("wake up")));
        a.delete();
        b.delete();
    }

    @Test
    void aLongPollTimesOutWithAnEmptyAnswerAndTheSameCursorAndAShortPollAnswersAtOnce() {
        PollClient a = PollClient.open(server, ada);
        drain(a);
        long before = a.cursor;
        PollClient.Answer timedOut = a.poll(null); // the server's default wait: 400 ms in this test
        assertThat(timedOut.status()).isEqualTo(200);
        assertThat(timedOut.events()).isEmpty();
        assertThat(timedOut.cursor()).isEqualTo(before);

        PollClient.Answer shortPoll = a.poll("0");
        assertThat(shortPoll.events()).isEmpty();
        assertThat(shortPoll.cursor()).isEqualTo(before);
        a.delete();
    }

    @Test
    void askingAgainWithTheSameCursorRedeliversTheSameEventsAndTheNextCursorNeverDuplicates() {
        PollClient a = PollClient.open(server, ada);
        a.join("again", "j1");
        a.message("again", "one", "m1");
        a.message("again", "two", "m2");
        long start = a.cursor;
        PollClient.Answer first = PollClient.send(PollClient.request(a.eventsUri(start, "0"), ada).GET());
        // The answer is "lost": the client asks again with its old cursor.
        PollClient.Answer retry = PollClient.send(PollClient.request(a.eventsUri(start, "0"), ada).GET());
        assertThat(retry.body()).isEqualTo(first.body());
        a.accept(retry);
        PollClient.Answer next = a.poll("0");
        assertThat(next.events()).isEmpty();
        assertThat(a.received).filteredOn(e -> e instanceof ServerEvent.Message)
                .extracting(e -> ((ServerEvent.Message) e).message()).containsExactly("one", "two");
        a.delete();
    }

    @Test
    void aCursorOlderThanTheRetainedWindowGets410AndEndsTheSession() {
        PollClient a = PollClient.open(server, ada);
        PollClient b = PollClient.open(server, bob);
        a.join("window", "j");
        b.join("window", "j");
        drain(a);
        assertThat(a.cursor).isGreaterThan(1);

        PollClient.Answer stale = PollClient.send(PollClient.request(a.eventsUri(0, "0"), ada).GET());
        assertThat(stale.status()).isEqualTo(410);
        assertThat(stale.body().get("error").asText()).isEqualTo("cursor_expired");
        assertThat(stale.body().get("reason").asText()).contains("older than the retained window").contains("POST /poll/sessions");
        assertThat(stale.body().get("oldestCursor").asLong()).isEqualTo(a.cursor);

        b.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada") && l.room().equals("window"));
        PollClient.Answer after = a.poll("0");
        assertThat(after.status()).isEqualTo(410);
        assertThat(after.body().get("error").asText()).isEqualTo("session_ended");
        b.delete();
    }

    @Test
    void deleteEndsTheSessionAtOnceAndLaterRequestsSayWhy() {
        PollClient a = PollClient.open(server, ada);
        PollClient b = PollClient.open(server, bob);
        a.join("bye", "j");
        b.join("bye", "j");
        assertThat(a.delete().status()).isEqualTo(204);
        b.await(ServerEvent.UserLeft.class, l -> l.userName().equals("ada") && l.room().equals("bye"));

        PollClient.Answer afterwards = a.join("bye", "again");
        assertThat(afterwards.status()).isEqualTo(410);
        assertThat(afterwards.body().get("error").asText()).isEqualTo("session_ended");
        assertThat(afterwards.body().get("reason").asText()).contains("closed by the client");
        b.delete();
    }

    @Test
    void aNewPollForTheSameSessionAnswersTheHeldOneEmpty() throws Exception {
        PollClient a = PollClient.open(server, ada);
        drain(a);
        CompletableFuture<PollClient.Answer> first = a.pollAsync("20");
        // The second poll replaces the first (as after a page reload); both carry the same cursor.
        PollClient.Answer superseded = null;
        PollClient.Answer second = null;
        for (int attempt = 0; attempt < 50 && superseded == null; attempt++) {
            second = a.poll("0.2");
            if (first.isDone()) {
                superseded = first.get();
            }
        }
        assertThat(superseded).isNotNull();
        assertThat(superseded.status()).isEqualTo(200);
        assertThat(superseded.events()).isEmpty();
        assertThat(superseded.cursor()).isEqualTo(second.cursor());
        a.delete();
    }

    @Test
    void requestsWithoutAValidTokenForSomeoneElsesOrAnUnknownSessionAreRefused() {
        PollClient a = PollClient.open(server, ada);
        PollClient.Answer noToken = PollClient.send(PollClient.request(a.eventsUri(0, "0"), null).GET());
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        PollClient.Answer tampered = PollClient.send(PollClient.request(a.eventsUri(0, "0"), ada + "x").GET());
        assertThat(tampered.status()).isEqualTo(401);

        PollClient.Answer someoneElse = PollClient.send(PollClient.request(a.eventsUri(0, "0"), bob).GET());
        assertThat(someoneElse.status()).isEqualTo(403);

        PollClient.Answer unknown = PollClient.send(PollClient.request(
                server.httpUri().resolve("/poll/sessions/nope/events?cursor=0"), ada).GET());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).isEqualTo("unknown_session");

        PollClient.Answer wrongMethod = PollClient.send(PollClient.request(a.eventsUri(0, "0"), ada)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("GET");

        PollClient.Answer noCursor = PollClient.send(PollClient.request(
                server.httpUri().resolve("/poll/sessions/" + a.sessionId + "/events"), ada).GET());
        assertThat(noCursor.status()).isEqualTo(400);
        PollClient.Answer ahead = PollClient.send(PollClient.request(a.eventsUri(1_000, "0"), ada).GET());
        assertThat(ahead.status()).isEqualTo(400);
        assertThat(ahead.body().get("error").asText()).isEqualTo("bad_cursor");
        a.delete();
    }

    @Test
    void heldPollsOccupyNoThread() throws Exception {
        PollingTransport lean = new PollingTransport(PollingConfig.defaults());
        // One IO thread and one worker: if a held poll blocked a thread, the second poll would already wait.
        try (ChatServer small = TestServers.start(TestServers.config().ioThreads(1).workerThreads(1), ServerParts.builder().extension(lean))) {
            String token = Accounts.registerAndLogin(small, "solo");
            List<PollClient> clients = new ArrayList<>();
            List<CompletableFuture<PollClient.Answer>> held = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                PollClient client = PollClient.open(small, token);
                client.join("many", "j");
                drain(client);
                clients.add(client);
            }
            for (PollClient client : clients) {
                drain(client); // the later joins reached the earlier sessions
                held.add(client.pollAsync("20"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lean.heldPolls() < clients.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(lean.heldPolls()).isEqualTo(clients.size());
            PollClient.Answer health = PollClient.send(PollClient.request(small.httpUri().resolve("/health"), null).GET());
            assertThat(health.status()).isEqualTo(200);
            assertThat(held).noneMatch(CompletableFuture::isDone);

            PollClient sender = PollClient.open(small, token);
            sender.join("many", "j");
            sender.message("many", "to all", "m");
            for (CompletableFuture<PollClient.Answer> poll : held) {
                assertThat(poll.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }
    }

    /** Short-polls until nothing is new. */
    static void drain(PollClient client) {
        for (int i = 0; i < 100; i++) {
            if (client.poll("0").events().isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the stream never ran dry");
    }

    private static int indexOf(List<ServerEvent> events, Predicate<ServerEvent> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
