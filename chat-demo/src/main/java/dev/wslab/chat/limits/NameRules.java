package dev.wslab.chat.limits;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What a user name or a room name may contain. Names are shown to other people, in a browser, in a
 * terminal and in the server log, so a name must look like what it is:
 * <ul>
 *   <li>it is normalised to Unicode NFC first, so {@code "é"} typed as one code point or as
 *       {@code e} + a combining accent is the same name (UAX #15);</li>
 *   <li>it may not contain control characters (C0, C1: they move the cursor, clear a terminal, forge a
 *       log line), format characters (bidi overrides such as U+202E that reverse the text around them,
 *       zero-width spaces and joiners that make two different names look alike, UTS #39 §3), line or
 *       paragraph separators, lone surrogates or unassigned code points.</li>
 * </ul>
 */
public final class NameRules {

    private NameRules() {}

    /**
     * The NFC form of {@code name}.
     *
     * @param name a name as the client sent it; {@code null} stays {@code null}
     * @return the normalised name
     */
    public static String normalize(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /**
     * Why {@code name} (already normalised) may not be used, naming the first bad character.
     *
     * @param name      the normalised name
     * @param what      how to call it in the reason, e.g. "a room name"
     * @param maxLength longest allowed, in code points
     * @return empty when the name is fine; otherwise a reason a person understands
     */
    public static Optional<String> problem(String name, String what, int maxLength) {
        if (name == null || name.isEmpty()) {
            return Optional.of(what + " must not be empty");
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxLength) {
            return Optional.of(what + " has at most " + maxLength + " characters, this one has " + length);
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            String kind = forbiddenKind(cp);
            if (kind != null) {
                return Optional.of(what + " may not contain " + kind + " (U+" + String.format("%04X", cp)
                        + " at position " + name.codePointCount(0, i) + ")");
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * What kind of invisible or text-moving character {@code cp} is, or {@code null} for a visible one.
     *
     * @param cp a code point
     * @return a short description, or {@code null} if the character may appear in a name
     */
    public static String forbiddenKind(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
                return "a control character";
            case Character.FORMAT:
                return isBidiControl(cp) ? "a bidirectional override" : "an invisible format character (zero-width)";
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return "a line separator";
            case Character.SURROGATE:
                return "a lone surrogate";
            case Character.UNASSIGNED:
                return "an unassigned code point";
            default:
                return null;
        }
    }

    /** U+061C, U+200E/F, U+202A–E, U+2066–9: the characters that change the direction of text. */
    static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }
}
