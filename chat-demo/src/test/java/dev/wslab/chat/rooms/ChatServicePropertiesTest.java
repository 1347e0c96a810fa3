package dev.wslab.chat.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.protocol.ClientCommand;
import dev.wslab.chat.protocol.ServerEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Model-based: any sequence of joins, exits, messages and disconnects by a few users leaves the chat
 * exactly where a simple model says, and every message reaches exactly the members of its room at
 * that moment, once.
 */
class ChatServicePropertiesTest {

    private static final dev.wslab.chat.protocol.ProtocolCodec CODEC = new dev.wslab.chat.protocol.ProtocolCodec();
    private static final int USERS = 4;
    private static final List<String> ROOMS = List.of("a", "b", "c");

    /** One step: who does what to which room. */
    record Step(int user, int action, int room) {}

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, USERS - 1),
                Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, ROOMS.size() - 1)).as(Step::new);
    }

    @Property(tries = 300)
    void theChatAgreesWithASimpleModel(@ForAll @Size(max = 60) List<@From("steps") Step> script) {
        ChatService chat = new ChatService(CODEC, java.time.Clock.systemUTC());
        List<ChatServiceTest.RecordingSink> sinks = new ArrayList<>();
        List<ChatSession> sessions = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            ChatServiceTest.RecordingSink sink = new ChatServiceTest.RecordingSink();
            sinks.add(sink);
            sessions.add(chat.connect(new User("id" + u, "user" + u), sink));
        }
        Map<String, Set<Integer>> model = new HashMap<>();
        ROOMS.forEach(r -> model.put(r, new LinkedHashSet<>()));
        boolean[] gone = new boolean[USERS];
        Map<Integer, List<String>> expectedMessages = new HashMap<>();
        int counter = 0;

        for (Step step : script) {
            String room = ROOMS.get(step.room());
            ChatSession session = sessions.get(step.user());
            if (step.action() == 9) {
                boolean first = session.disconnect("script");
                assertThat(first).isEqualTo(!gone[step.user()]);
                gone[step.user()] = true;
                model.values().forEach(members -> members.remove(step.user()));
            } else if (step.action() < 3) {
                ServerEvent reply = session.handle(new ClientCommand.Join(null, room));
                assertThat(reply instanceof ServerEvent.Ok).isEqualTo(!gone[step.user()]);
                if (!gone[step.user()]) {
                    model.get(room).add(step.user());
                }
            } else if (step.action() < 5) {
                ServerEvent reply = session.handle(new ClientCommand.Exit(null, room));
                boolean member = model.get(room).remove(step.user());
                assertThat(reply instanceof ServerEvent.Ok).isEqualTo(member);
            } else {
                String text = "m" + counter++;
                ServerEvent reply = session.handle(new ClientCommand.SendMessage(null, room, text));
                boolean member = model.get(room).contains(step.user());
                assertThat(reply instanceof ServerEvent.Ok).isEqualTo(member);
                if (member) {
                    for (int receiver : model.get(room)) {
                        expectedMessages.computeIfAbsent(receiver, k -> new ArrayList<>()).add(text);
                    }
                }
            }
        }

        for (String room : ROOMS) {
            List<String> names = new ArrayList<>();
            model.get(room).forEach(u -> names.add("user" + u));
            assertThat(chat.members(room)).containsExactlyInAnyOrderElementsOf(names);
        }
        for (int u = 0; u < USERS; u++) {
            List<String> received = sinks.get(u).of(ServerEvent.Message.class).stream().map(ServerEvent.Message::message).toList();
            assertThat(received).as("messages at user" + u).isEqualTo(expectedMessages.getOrDefault(u, List.of()));
        }
        int online = 0;
        for (boolean g : gone) {
            online += g ? 0 : 1;
        }
        assertThat(chat.sessionCount()).isEqualTo(online);
    }
}
