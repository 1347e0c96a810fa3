package dev.wslab.chat.rooms;

/** A room operation could not be recorded because the room's store (Redis, the database) is unreachable. */
public final class RoomUnavailableException extends RuntimeException {

    public RoomUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
