package dev.wslab.chat.auth;

import java.text.Normalizer;
import java.util.Locale;

/**
 * When two account names are the same name. "Ada", "ADA" and "ada" are one name, and so are
 * "Zoë" typed as one code point (U+00EB) and as "e" + combining diaeresis (U+0065 U+0308): both are
 * brought to Unicode NFC first, so names that look identical cannot belong to two people.
 */
public final class AccountNames {

    private AccountNames() {}

    /** The name as stored and shown: NFC, so the same letters are always the same code points. */
    public static String display(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /** The key that must be unique: NFC, lower-cased without regard to the locale, NFC again. */
    public static String key(String name) {
        String lower = display(name).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(lower, Normalizer.Form.NFC);
    }
}
