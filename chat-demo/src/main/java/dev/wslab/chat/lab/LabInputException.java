package dev.wslab.chat.lab;

/** Input the lab cannot work with; its message is shown to the student as is (never a stack trace). */
final class LabInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    LabInputException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A short machine-readable name, e.g. {@code not_hex}. */
    String code() {
        return code;
    }
}
