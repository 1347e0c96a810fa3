package dev.wslab.chat.rooms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One room: its sessions, the users behind them, and its lock. Every change of membership and every
 * broadcast happens with {@code this} locked, which is what makes a room's events reach each member
 * exactly once and in the same order: a session gets exactly the events broadcast between its join
 * and its exit.
 *
 * <p>Presence is per user, not per session: a user with two tabs in the room is present once, and
 * {@link #addSession}/{@link #removeSession} say when the first arrives and the last goes, the only
 * moments the other members hear about.
 */
final class Room {

    final String name;
    /** Guarded by {@code this}. Insertion order keeps broadcasts deterministic. */
    final Set<ChatSession> members = new LinkedHashSet<>();
    /** Guarded by {@code this}. User id → how many of that user's sessions are here; arrival order. */
    private final Map<String, Presence> users = new LinkedHashMap<>();
    /**
     * Guarded by {@code this}. Set when the last member left and the room was removed from the
     * service's map; a session that looked the room up just before must look again.
     */
    boolean retired;

    Room(String name) {
        this.name = name;
    }

    /** Adds a session; {@code true} if it is its user's first session here (the user arrived). */
    boolean addSession(ChatSession session) {
        members.add(session);
        User user = session.user();
        Presence presence = users.computeIfAbsent(user.id(), id -> new Presence(user.name()));
        return ++presence.sessions == 1;
    }

    /** Removes a session; {@code true} if it was its user's last session here (the user left). */
    boolean removeSession(ChatSession session) {
        if (!members.remove(session)) {
            return false;
        }
        String id = session.user().id();
        Presence presence = users.get(id);
        if (--presence.sessions > 0) {
            return false;
        }
        users.remove(id);
        return true;
    }

    /** The users here, each once, in arrival order. */
    List<String> userNames() {
        List<String> names = new ArrayList<>(users.size());
        for (Presence presence : users.values()) {
            names.add(presence.name);
        }
        return names;
    }

    /** One user's presence in this room. */
    private static final class Presence {
        final String name;
        int sessions;

        Presence(String name) {
            this.name = name;
        }
    }
}
