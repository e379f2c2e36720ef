package dev.dnevnik.common.problem;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dnevnik.common.text.PostgresText;
import dev.dnevnik.common.validation.LanguageCode;

/**
 * Parses query and header parameters, collecting every problem so that the client learns about all of them in one
 * 400 response. JAX-RS's own conversion of typed parameters would answer a malformed query parameter with 404, which
 * misleads clients; resources take such parameters as strings and parse them here.
 */
public final class FieldErrors {

    private final List<Problem.FieldViolation> violations = new ArrayList<>();

    public void add(String field, String message) {
        violations.add(new Problem.FieldViolation(field, message));
    }

    /** An ISO date ({@code 2026-03-01}), or null when absent. */
    public LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            add(field, "must be a date like 2026-03-01");
            return null;
        }
    }

    /**
     * An instant with its offset ({@code 2026-11-24T08:00:00Z}), or a date meaning its start in UTC; null when
     * absent.
     */
    public Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            add(field, "must be an instant like 2026-11-24T08:00:00Z, or a date like 2026-11-24");
            return null;
        }
    }

    /** Free text without surrounding blanks, or null when absent or blank; at most {@code maxLength} characters. */
    public String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (!PostgresText.storable(text)) {
            add(field, PostgresText.REFUSED);
            return null;
        }
        if (text.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** An ISO 639-1 language code in any case ({@code RU} is {@code ru}), or null when absent. */
    public String languageCode(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String code = value.strip().toLowerCase(Locale.ROOT);
        if (!code.matches(LanguageCode.PATTERN)) {
            add(field, LanguageCode.MESSAGE);
            return null;
        }
        return code;
    }

    /** An integer within [min, max], or the default when absent. */
    public int integer(String field, String value, int min, int max, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                add(field, "must be between " + min + " and " + max);
                return defaultValue;
            }
            return number;
        } catch (NumberFormatException e) {
            add(field, "must be a whole number between " + min + " and " + max);
            return defaultValue;
        }
    }

    /** An IANA time zone id ({@code Europe/Kyiv}), or the default when absent. */
    public ZoneId zone(String field, String value, ZoneId defaultZone) {
        if (value == null || value.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            add(field, "must be an IANA time zone such as Europe/Kyiv");
            return defaultZone;
        }
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    /** Ends parsing: one 400 problem listing every invalid field, if there was any. */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
    }
}
