package dev.dnevnik.upstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header, read (seconds, possibly fractional, or an HTTP date) and written (whole seconds). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** How long the header asks to wait, or null when it is absent or unreadable. */
    public static Duration parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            return seconds < 0 || Double.isNaN(seconds) ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    /** The header value for a wait: whole seconds, rounded up, at least 1. */
    public static String header(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
