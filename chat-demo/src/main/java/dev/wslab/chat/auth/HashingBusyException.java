package dev.wslab.chat.auth;

/**
 * Every byte the password hasher may use is taken by hashes in progress, and none was freed within the
 * wait: the request is refused (503 with {@code Retry-After}) instead of the heap running out.
 */
public final class HashingBusyException extends RuntimeException {

    public HashingBusyException(String message) {
        super(message);
    }
}
