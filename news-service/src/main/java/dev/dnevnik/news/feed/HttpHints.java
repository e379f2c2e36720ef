package dev.dnevnik.news.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a response's headers say about when to come back: {@code Cache-Control}, {@code Age}, {@code Expires} and
 * {@code Retry-After}, each as a duration from the response's own {@code Date} (or from when it was received, when it
 * has none), so that a server whose clock is off does not shift them.
 */
record HttpHints(Duration maxAge, Duration expiresIn, Duration retryAfter) {

    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    /** @param header a response header by name, or null; {@code received} stands in for a missing Date */
    static HttpHints from(Function<String, String> header, Instant received) {
        Instant date = httpDate(header.apply("Date"));
        Instant origin = date != null ? date : received;
        Duration maxAge = null;
        Duration expiresIn = null;
        boolean noCache = false;
        String cacheControl = header.apply("Cache-Control");
        if (cacheControl != null) {
            for (String directive : cacheControl.split(",")) {
                String d = directive.strip().toLowerCase(Locale.ROOT);
                if (d.equals("no-cache") || d.startsWith("no-cache=") || d.equals("no-store")) {
                    noCache = true;
                } else if (d.startsWith("max-age=")) {
                    Long seconds = seconds(d.substring("max-age=".length()));
                    if (seconds != null) {
                        maxAge = Duration.ofSeconds(seconds);
                    }
                }
            }
        }
        if (maxAge != null) {
            Long age = seconds(header.apply("Age"));
            if (age != null) {
                maxAge = maxAge.minusSeconds(age);
                if (maxAge.isNegative()) {
                    maxAge = Duration.ZERO;
                }
            }
        }
        Instant expires = httpDate(header.apply("Expires"));
        if (expires != null) {
            expiresIn = Duration.between(origin, expires);
            if (expiresIn.isNegative()) {
                expiresIn = Duration.ZERO;
            }
        }
        if (noCache) {
            // "revalidate every time" says nothing about how often a feed changes: no hint rather than "now"
            maxAge = null;
            expiresIn = null;
        }
        return new HttpHints(maxAge, expiresIn, retryAfter(header.apply("Retry-After"), origin));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (from {@code origin}); null when absent or unreadable. */
    static Duration retryAfter(String value, Instant origin) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Long seconds = seconds(value);
        if (seconds != null) {
            return Duration.ofSeconds(seconds);
        }
        Instant at = httpDate(value);
        if (at == null) {
            return null;
        }
        Duration wait = Duration.between(origin, at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static Long seconds(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(text);
    }

    /** An HTTP date in any of the three forms HTTP allows (RFC 1123, RFC 850, asctime), or null. */
    static Instant httpDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc1123) {
            try {
                return ZonedDateTime.parse(text, RFC_850.withZone(ZoneOffset.UTC)).toInstant();
            } catch (DateTimeParseException notRfc850) {
                try {
                    return LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notAsctime) {
                    return null;
                }
            }
        }
    }
}
