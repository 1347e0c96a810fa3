package dev.wslab.chat.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.EncodedEvent;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.rooms.ChatServiceTest.RecordingSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Presence is per user and scoped to rooms: {@code userJoined} when a user's first session enters
 * a room, {@code userLeft} when the last one leaves, a joiner's {@code members} list exact, and
 * every member sees each change exactly once.
 */
class PresenceTest {

    private final ChatService chat = new ChatService();

    @Test
    void twoTabsOfOneUserAreOnePresence() {
        RecordingSink bob = new RecordingSink();
        ChatSession b = chat.connect(new User("2", "bob"), bob);
        b.handle(new ClientCommand.Join(null, "lobby"));
        RecordingSink tab1 = new RecordingSink();
        RecordingSink tab2 = new RecordingSink();
        ChatSession ada1 = chat.connect(new User("1", "ada"), tab1);
        ChatSession ada2 = chat.connect(new User("1", "ada"), tab2);
        ada1.handle(new ClientCommand.Join(null, "lobby"));
        ada2.handle(new ClientCommand.Join(null, "lobby"));
        assertThat(tab2.events).containsExactly(new ServerEvent.Members("lobby", List.of("bob", "ada")));
        assertThat(chat.members("lobby")).containsExactly("bob", "ada");

        ada2.handle(new ClientCommand.Exit(null, "lobby")); // closing one tab's room: ada is still here
        ada1.handle(new ClientCommand.SendMessage(null, "lobby", "still here"));
        assertThat(chat.members("lobby")).containsExactly("bob", "ada");
        ada2.disconnect("tab closed");
        assertThat(bob.of(ServerEvent.UserLeft.class)).isEmpty();

        ada1.disconnect("last tab closed");
        assertThat(bob.events).containsExactly(
                new ServerEvent.Members("lobby", List.of("bob")),
                new ServerEvent.UserJoined("lobby", "ada"),
                bob.of(ServerEvent.Message.class).get(0),
                new ServerEvent.UserLeft("lobby", "ada"));
        assertThat(chat.members("lobby")).containsExactly("bob");
    }

    @Test
    void theJoinerGetsTheMembersBeforeAnyLaterChange() {
        RecordingSink ada = new RecordingSink();
        chat.connect(new User("1", "ada"), ada).handle(new ClientCommand.Join(null, "r"));
        chat.connect(new User("2", "bob"), new RecordingSink()).handle(new ClientCommand.Join(null, "r"));
        ChatSession eve = chat.connect(new User("3", "eve"), new RecordingSink());
        eve.handle(new ClientCommand.Join(null, "r"));
        eve.handle(new ClientCommand.Exit(null, "r"));
        assertThat(ada.events).containsExactly(
                new ServerEvent.Members("r", List.of("ada")),
                new ServerEvent.UserJoined("r", "bob"),
                new ServerEvent.UserJoined("r", "eve"),
                new ServerEvent.UserLeft("r", "eve"));
    }

    /**
     * Random joins, exits, disconnects and second tabs, one at a time, against a plain model of
     * who is where: every session's events are exactly what the model says it must hear.
     */
    @Test
    void randomChurnMatchesAModelEventForEvent() {
        Random random = new Random(11);
        List<String> roomNames = List.of("a", "b", "c", "d");
        List<ChatSession> live = new ArrayList<>();
        Map<ChatSession, RecordingSink> sinks = new HashMap<>();
        Map<ChatSession, List<ServerEvent>> expected = new HashMap<>();
        Map<String, LinkedHashMap<String, Integer>> model = new HashMap<>(); // room -> user -> sessions
        Map<ChatSession, List<String>> joinedBy = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            int op = random.nextInt(10);
            if (live.size() < 3 || op == 0) {
                int u = random.nextInt(12);
                RecordingSink sink = new RecordingSink();
                ChatSession s = chat.connect(new User("id" + u, "user" + u), sink);
                live.add(s);
                sinks.put(s, sink);
                expected.put(s, new ArrayList<>());
                joinedBy.put(s, new ArrayList<>());
                continue;
            }
            ChatSession s = live.get(random.nextInt(live.size()));
            String name = s.user().name();
            if (op == 1) {
                s.disconnect("random");
                live.remove(s);
                for (String room : joinedBy.get(s)) {
                    leaveModel(model, room, name, s, joinedBy, expected);
                }
                joinedBy.get(s).clear();
                continue;
            }
            String room = roomNames.get(random.nextInt(roomNames.size()));
            if (op < 6) {
                s.handle(new ClientCommand.Join(null, room));
                if (joinedBy.get(s).contains(room)) {
                    continue;
                }
                LinkedHashMap<String, Integer> users = model.computeIfAbsent(room, r -> new LinkedHashMap<>());
                boolean arrived = !users.containsKey(name);
                users.merge(name, 1, Integer::sum);
                expected.get(s).add(new ServerEvent.Members(room, List.copyOf(users.keySet())));
                if (arrived) {
                    for (ChatSession other : live) {
                        if (other != s && joinedBy.get(other).contains(room)) {
                            expected.get(other).add(new ServerEvent.UserJoined(room, name));
                        }
                    }
                }
                joinedBy.get(s).add(room);
            } else if (joinedBy.get(s).contains(room)) {
                s.handle(new ClientCommand.Exit(null, room));
                joinedBy.get(s).remove(room);
                leaveModel(model, room, name, s, joinedBy, expected);
            }
        }
        for (Map.Entry<ChatSession, RecordingSink> entry : sinks.entrySet()) {
            assertThat(entry.getValue().events).as("events of %s", entry.getKey()).isEqualTo(expected.get(entry.getKey()));
        }
        for (String room : roomNames) {
            assertThat(chat.members(room)).isEqualTo(List.copyOf(model.getOrDefault(room, new LinkedHashMap<>()).keySet()));
        }
    }

    private static void leaveModel(Map<String, LinkedHashMap<String, Integer>> model, String room, String name,
            ChatSession leaver, Map<ChatSession, List<String>> joinedBy, Map<ChatSession, List<ServerEvent>> expected) {
        LinkedHashMap<String, Integer> users = model.get(room);
        if (users.merge(name, -1, Integer::sum) > 0) {
            return;
        }
        users.remove(name);
        if (users.isEmpty()) {
            model.remove(room);
        }
        for (Map.Entry<ChatSession, List<String>> entry : joinedBy.entrySet()) {
            if (entry.getKey() != leaver && entry.getValue().contains(room)) {
                expected.get(entry.getKey()).add(new ServerEvent.UserLeft(room, name));
            }
        }
    }

    /** A member's view of its rooms, built only from the events it receives. */
    static final class Replica implements EventSink {
        final Map<String, List<String>> rooms = new HashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void deliver(EncodedEvent encoded) {
            ServerEvent event = encoded.event();
            if (event instanceof ServerEvent.Members m) {
                rooms.put(m.room(), new ArrayList<>(m.users()));
            } else if (event instanceof ServerEvent.UserJoined j) {
                List<String> users = rooms.get(j.room());
                if (users == null || users.contains(j.userName())) {
                    problems.add("userJoined " + j + " but the replica has " + users);
                } else {
                    users.add(j.userName());
                }
            } else if (event instanceof ServerEvent.UserLeft l) {
                List<String> users = rooms.get(l.room());
                if (users == null || !users.remove(l.userName())) {
                    problems.add("userLeft " + l + " but the replica has " + users);
                }
            }
        }

        synchronized List<String> room(String name) {
            return List.copyOf(rooms.getOrDefault(name, List.of()));
        }
    }

    /**
     * Eight threads churn at once (two sessions per user, so second tabs race first ones): no
     * member ever hears of an arrival twice or a departure of someone absent, and every remaining
     * member's replica ends equal to the room's own list, order included.
     */
    @Test
    void concurrentChurnNeverDuplicatesADeltaAndEveryReplicaEndsExact() throws Exception {
        List<String> roomNames = List.of("x", "y", "z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        List<ChatSession> stayers = new CopyOnWriteArrayList<>();
        Map<ChatSession, Replica> replicas = new java.util.concurrent.ConcurrentHashMap<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Random random = new Random(thread);
                for (int i = 0; i < 300; i++) {
                    int u = random.nextInt(10);
                    Replica replica = new Replica();
                    ChatSession s = chat.connect(new User("id" + u, "user" + u), replica);
                    replicas.put(s, replica);
                    for (String room : roomNames) {
                        if (random.nextBoolean()) {
                            s.handle(new ClientCommand.Join(null, room));
                        }
                    }
                    if (random.nextInt(4) == 0) {
                        stayers.add(s);
                    } else if (random.nextBoolean()) {
                        s.handle(new ClientCommand.Exit(null, roomNames.get(random.nextInt(3))));
                        s.disconnect("done");
                    } else {
                        s.disconnect("done");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (Replica replica : replicas.values()) {
            assertThat(replica.problems).isEmpty();
        }
        for (ChatSession s : stayers) {
            for (String room : s.rooms()) {
                assertThat(replicas.get(s).room(room)).as("%s in %s", s, room).isEqualTo(chat.members(room));
            }
        }
    }
}
