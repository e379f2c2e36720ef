package dev.dnevnik.diary.entry;

import dev.dnevnik.common.problem.ProblemException;

/** An entry's version as an HTTP entity tag: {@code ETag: "3"}, sent back as {@code If-Match: "3"}. */
final class Versions {

    /** {@code If-Match: *}: any current version will do. */
    static final long ANY = -1;

    private Versions() {
    }

    /** The ETag header value: the version, quoted. */
    static String etag(Entry entry) {
        return "\"" + entry.getVersion() + "\"";
    }

    /** The version in an If-Match header, {@link #ANY} for {@code *}, null when absent. */
    static Long fromIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return ANY;
        }
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.validation("If-Match", "must be the entry's ETag, e.g. \"3\"");
        }
    }
}
