package dev.wslab.chat.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ProtocolCodec;
import dev.wslab.chat.protocol.ServerEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChatServiceTest {

    private final ChatService chat = new ChatService(new ProtocolCodec(),
            Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));

    /** A sink that remembers what it was given. */
    static final class RecordingSink implements EventSink {
        final List<ServerEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(EncodedEvent event) {
            events.add(event.event());
        }

        <T extends ServerEvent> List<T> of(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (ServerEvent e : events) {
                if (type.isInstance(e)) {
                    out.add(type.cast(e));
                }
            }
            return out;
        }
    }

    @Test
    void connectingAndDisconnectingTellNobodyAndWhoIsOnlineIsARequest() {
        RecordingSink ada = new RecordingSink();
        RecordingSink bob = new RecordingSink();
        ChatSession a = chat.connect(new User("1", "ada"), ada);
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        chat.connect(new User("2", "bob"), new RecordingSink()).disconnect("second tab closed");
        assertThat(ada.events).isEmpty();
        assertThat(bob.events).isEmpty();
        assertThat(a.handle(new ClientCommand.ListUsers("u"))).isEqualTo(new ServerEvent.Users("u", List.of("ada", "bob")));
        b.disconnect("gone");
        assertThat(a.handle(new ClientCommand.ListUsers(null))).isEqualTo(new ServerEvent.Users(null, List.of("ada")));
        assertThat(ada.events).isEmpty();
    }

    @Test
    void joinIsIdempotentTheJoinerGetsTheMembersAndTheOthersGetUserJoined() {
        RecordingSink ada = new RecordingSink();
        RecordingSink bob = new RecordingSink();
        ChatSession a = chat.connect(new User("1", "ada"), ada);
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        assertThat(a.handle(new ClientCommand.Join("j1", "lobby"))).isEqualTo(new ServerEvent.Ok("j1", null));
        assertThat(b.handle(new ClientCommand.Join("j2", "lobby"))).isEqualTo(new ServerEvent.Ok("j2", null));
        assertThat(b.handle(new ClientCommand.Join("j3", "lobby"))).isEqualTo(new ServerEvent.Ok("j3", null));
        assertThat(ada.events).containsExactly(
                new ServerEvent.Members("lobby", List.of("ada")), new ServerEvent.UserJoined("lobby", "bob"));
        assertThat(bob.events).containsExactly(new ServerEvent.Members("lobby", List.of("ada", "bob")));
        assertThat(chat.members("lobby")).containsExactly("ada", "bob");
    }

    @Test
    void messagesReachEveryMemberOnceAndTheSenderGetsTheMessageIdInItsOk() {
        RecordingSink ada = new RecordingSink();
        RecordingSink bob = new RecordingSink();
        RecordingSink eve = new RecordingSink();
        ChatSession a = chat.connect(new User("1", "ada"), ada);
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        chat.connect(new User("3", "eve"), eve);
        a.handle(new ClientCommand.Join(null, "lobby"));
        b.handle(new ClientCommand.Join(null, "lobby"));
        ServerEvent reply = a.handle(new ClientCommand.SendMessage("m1", "lobby", "hello"));
        ServerEvent.Message expected = new ServerEvent.Message("1", "lobby",
                new dev.wslab.chat.protocol.Sender("1", "ada"), "hello", 1_000);
        assertThat(reply).isEqualTo(new ServerEvent.Ok("m1", "1"));
        assertThat(ada.of(ServerEvent.Message.class)).containsExactly(expected);
        assertThat(bob.of(ServerEvent.Message.class)).containsExactly(expected);
        assertThat(eve.of(ServerEvent.Message.class)).isEmpty();
    }

    @Test
    void messageOrExitForARoomNotJoinedIsAnErrorNotSilence() {
        ChatSession a = chat.connect(new User("1", "ada"), new RecordingSink());
        assertThat(a.handle(new ClientCommand.SendMessage("m", "elsewhere", "hi")))
                .isInstanceOfSatisfying(ServerEvent.Error.class, e -> {
                    assertThat(e.id()).isEqualTo("m");
                    assertThat(e.code()).isEqualTo("not_joined");
                });
        assertThat(a.handle(new ClientCommand.Exit("x", "elsewhere")))
                .isInstanceOfSatisfying(ServerEvent.Error.class, e -> assertThat(e.code()).isEqualTo("not_joined"));
    }

    @Test
    void exitTellsTheOthersAndRemovesAnEmptyRoom() {
        RecordingSink bob = new RecordingSink();
        ChatSession a = chat.connect(new User("1", "ada"), new RecordingSink());
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        a.handle(new ClientCommand.Join(null, "r"));
        b.handle(new ClientCommand.Join(null, "r"));
        assertThat(a.handle(new ClientCommand.Exit("e", "r"))).isEqualTo(new ServerEvent.Ok("e", null));
        assertThat(bob.of(ServerEvent.UserLeft.class)).containsExactly(new ServerEvent.UserLeft("r", "ada"));
        b.handle(new ClientCommand.Exit(null, "r"));
        assertThat(chat.roomNames()).isEmpty();
    }

    @Test
    void disconnectLeavesEveryRoomExactlyOnceHoweverOftenItIsCalled() {
        RecordingSink bob = new RecordingSink();
        ChatSession a = chat.connect(new User("1", "ada"), new RecordingSink());
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        for (String room : List.of("r1", "r2")) {
            a.handle(new ClientCommand.Join(null, room));
            b.handle(new ClientCommand.Join(null, room));
        }
        assertThat(a.disconnect("connection reset")).isTrue();
        assertThat(a.disconnect("close timeout")).isFalse();
        assertThat(bob.of(ServerEvent.UserLeft.class)).containsExactly(
                new ServerEvent.UserLeft("r1", "ada"), new ServerEvent.UserLeft("r2", "ada"));
        assertThat(chat.onlineUsers()).containsExactly("bob");
        assertThat(a.handle(new ClientCommand.Join("late", "r1")))
                .isInstanceOfSatisfying(ServerEvent.Error.class, e -> assertThat(e.code()).isEqualTo("disconnected"));
        assertThat(chat.sessionCount()).isEqualTo(1);
    }

    @Test
    void whoeverHearsUserLeftNoLongerSeesTheLeaverOnline() {
        // The list is taken inside bob's sink, at the moment userLeft reaches him: a client that reads
        // userLeft and then asks for the users can never get an answer that still names ada.
        List<List<String>> onlineWhenLeftArrived = new CopyOnWriteArrayList<>();
        EventSink bob = event -> {
            if (event.event() instanceof ServerEvent.UserLeft) {
                onlineWhenLeftArrived.add(chat.onlineUsers());
            }
        };
        ChatSession a = chat.connect(new User("1", "ada"), new RecordingSink());
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        a.handle(new ClientCommand.Join(null, "r"));
        b.handle(new ClientCommand.Join(null, "r"));
        a.disconnect("connection reset");
        assertThat(onlineWhenLeftArrived).containsExactly(List.of("bob"));
    }

    @Test
    void handleTextRepliesToGarbageWithAnError() {
        ChatSession a = chat.connect(new User("1", "ada"), new RecordingSink());
        assertThat(a.handleText("{oops").event()).isInstanceOf(ServerEvent.Error.class);
        assertThat(a.handleText("{\"type\":\"join\",\"room\":\"r\",\"id\":\"1\"}").json())
                .isEqualTo("{\"type\":\"ok\",\"id\":\"1\"}");
    }

    @Test
    void concurrentSendersAreSeenInOneOrderByEveryMember() throws Exception {
        int members = 8;
        int perSender = 200;
        List<RecordingSink> sinks = new ArrayList<>();
        List<ChatSession> sessions = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            RecordingSink sink = new RecordingSink();
            ChatSession s = chat.connect(new User("u" + i, "user" + i), sink);
            s.handle(new ClientCommand.Join(null, "busy"));
            sinks.add(sink);
            sessions.add(s);
        }
        ExecutorService pool = Executors.newFixedThreadPool(members);
        CountDownLatch go = new CountDownLatch(1);
        for (ChatSession s : sessions) {
            pool.submit(() -> {
                go.await();
                for (int n = 0; n < perSender; n++) {
                    s.handle(new ClientCommand.SendMessage(null, "busy", s.user().name() + ":" + n));
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        List<ServerEvent.Message> reference = sinks.get(0).of(ServerEvent.Message.class);
        assertThat(reference).hasSize(members * perSender);
        for (RecordingSink sink : sinks) {
            assertThat(sink.of(ServerEvent.Message.class)).isEqualTo(reference);
        }
        for (int i = 1; i < reference.size(); i++) {
            assertThat(Long.parseLong(reference.get(i).id())).isGreaterThan(Long.parseLong(reference.get(i - 1).id()));
        }
    }
}
