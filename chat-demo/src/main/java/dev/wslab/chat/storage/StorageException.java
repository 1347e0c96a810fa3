package dev.wslab.chat.storage;

/**
 * The chat's storage cannot be used: the data directory is locked by another server, holds another
 * schema version, or the database failed. The message says what to do in words a student understands.
 * {@link StorageUnavailableException}: the storage is not there at the moment (try again shortly).
 */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
