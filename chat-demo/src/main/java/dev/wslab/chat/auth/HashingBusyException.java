package dev.wslab.chat.auth;

/**
 * Every byte the password hasher may use is taken by hashes in progress, and none was freed within the
 * wait: the request is refused (503 with {@code Retry-After}) instead of the heap running out.
 */
public final class HashingBusyException extends RuntimeException {

    /** The {@code Retry-After} of the refusal: hashes take tens of milliseconds, so memory frees up soon. */
    public static final int RETRY_AFTER_SECONDS = 1;

    public HashingBusyException(String message) {
        super(message);
    }
}
