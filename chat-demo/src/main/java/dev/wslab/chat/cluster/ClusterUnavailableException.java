package dev.wslab.chat.cluster;

/** Redis could not be reached or did not answer in time; the operation was not carried out (or not confirmed). */
public final class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
