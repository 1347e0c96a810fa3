package dev.wslab.chat.storage;

/**
 * The storage is not usable at the moment (the embedded database went away and is not open again yet,
 * or Redis does not answer): nothing was read or written, and the same request may succeed shortly. HTTP
 * routes answer it with 503 and {@code Retry-After}; {@code /readyz} names it.
 */
public final class StorageUnavailableException extends StorageException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
