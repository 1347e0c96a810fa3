package dev.wslab.tools.docs;

/** A generated block could not be produced: an unknown directive, a missing file, a failing command. */
public final class DocGenerationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DocGenerationException(String message) {
        super(message);
    }

    public DocGenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
