package dev.dnevnik.common.text;

/**
 * What PostgreSQL refuses in {@code text}: the NUL character (U+0000). Text that clients send is refused with a 400
 * naming the field (JSON bodies by {@link NulRefusingStrings}, parameters by
 * {@link dev.dnevnik.common.problem.FieldErrors#text}); text that comes from elsewhere (a provider's transcript,
 * Telegram's profile fields) has the character removed before it is stored.
 */
public final class PostgresText {

    public static final String REFUSED = "must not contain the NUL character (U+0000)";

    private PostgresText() {
    }

    public static boolean storable(String text) {
        return text == null || text.indexOf('\u0000') < 0;
    }

    /** The text without NUL characters; null stays null. */
    public static String withoutNul(String text) {
        return storable(text) ? text : text.replace("\u0000", "");
    }
}
