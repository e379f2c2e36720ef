package dev.dnevnik.common.paging;

import java.util.List;

import dev.dnevnik.common.problem.FieldErrors;

/**
 * Which page a client asks for: {@code limit} (1..100, default 20) and the {@code cursor} of the previous page,
 * decoded into the sort keys to continue after (null for the first page).
 */
public record PageRequest(int limit, List<Object> after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Reads the two query parameters, reporting bad ones to {@code errors}. */
    public static PageRequest parse(FieldErrors errors, String limit, String cursor, KeysetCursor cursors) {
        int size = errors.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        List<Object> after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = cursors.decode(cursor.strip());
            } catch (IllegalArgumentException e) {
                errors.add("cursor", "is not a cursor from a previous page");
            }
        }
        return new PageRequest(size, after);
    }

    /** Rows to read: one more than the page, to learn whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    /** The {@code index}-th sort key to continue after; only on a page after the first. */
    public <K> K after(int index, Class<K> type) {
        return type.cast(after.get(index));
    }
}
