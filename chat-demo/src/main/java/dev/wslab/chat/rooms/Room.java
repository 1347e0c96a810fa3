package dev.wslab.chat.rooms;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One room: its members and its lock. Every change of membership and every broadcast happens with
 * {@code this} locked, which is what makes a room's messages reach each member exactly once and in
 * the same order: a member gets exactly the events broadcast between its join and its exit.
 */
final class Room {

    final String name;
    /** Guarded by {@code this}. Insertion order keeps broadcasts deterministic. */
    final Set<ChatSession> members = new LinkedHashSet<>();
    /**
     * Guarded by {@code this}. Set when the last member left and the room was removed from the
     * service's map; a session that looked the room up just before must look again.
     */
    boolean retired;

    Room(String name) {
        this.name = name;
    }
}
