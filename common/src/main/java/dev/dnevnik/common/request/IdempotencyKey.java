package dev.dnevnik.common.request;

import java.util.regex.Pattern;

import dev.dnevnik.common.problem.ProblemException;

/**
 * The client-chosen {@code Idempotency-Key} header: its name, its syntax, and the header that marks a replayed answer.
 * Every service that takes the header (and the gateway, which derives keys from it and retries requests that carry
 * one) reads it here; storing keys and replaying answers is the opt-in {@code idempotency} module.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    /** Set to {@code true} on an answer that replays the first answer to the same key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** Printable ASCII without spaces: UUIDs, ULIDs and most client-generated keys fit. */
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private IdempotencyKey() {
    }

    /** The key, or null when the header is absent; a present but unusable key is the client's error (400). */
    public static String parse(String header) {
        if (header == null) {
            return null;
        }
        String key = header.strip();
        // RFC draft-ietf-httpapi-idempotency-key-header sends the key as a structured-field string: "abc"
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (!ACCEPTABLE.matcher(key).matches()) {
            throw ProblemException.validation(HEADER, "must be 1 to 255 printable ASCII characters without spaces");
        }
        return key;
    }
}
