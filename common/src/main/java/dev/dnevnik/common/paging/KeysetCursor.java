package dev.dnevnik.common.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one cursor codec: the sort keys of the last item of a page (e.g. entry date, creation time, id), in list order,
 * as opaque base64url text. Keyset paging continues after exactly that position, so it never skips or repeats items
 * when others are added or removed meanwhile, and page 500 costs what page 1 costs.
 *
 * <p>
 * Keys are dates (ISO), instants (microseconds since the epoch: PostgreSQL's precision, so a cursor names a stored
 * row exactly), UUIDs and longs.
 */
public final class KeysetCursor {

    private static final Set<Class<?>> SUPPORTED = Set.of(LocalDate.class, Instant.class, UUID.class, Long.class);
    private static final String SEPARATOR = "|";

    private final List<Class<?>> keyTypes;

    private KeysetCursor(List<Class<?>> keyTypes) {
        this.keyTypes = keyTypes;
    }

    /** A codec for cursors made of these key types, in this order. */
    public static KeysetCursor of(Class<?>... keyTypes) {
        for (Class<?> type : keyTypes) {
            if (!SUPPORTED.contains(type)) {
                throw new IllegalArgumentException("no cursor encoding for " + type.getSimpleName());
            }
        }
        return new KeysetCursor(List.of(keyTypes));
    }

    public String encode(Object... keys) {
        if (keys.length != keyTypes.size()) {
            throw new IllegalArgumentException("expected " + keyTypes.size() + " keys, got " + keys.length);
        }
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            plain.append(i == 0 ? "" : SEPARATOR).append(keys[i] instanceof Instant instant
                    ? Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant))
                    : keys[i].toString());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The keys a cursor names, in order, typed as declared.
     *
     * @throws IllegalArgumentException when the text is not a cursor of this shape
     */
    public List<Object> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8)
                    .split("\\" + SEPARATOR, -1);
            if (parts.length != keyTypes.size()) {
                throw new IllegalArgumentException("not a cursor");
            }
            List<Object> keys = new ArrayList<>(parts.length);
            for (int i = 0; i < parts.length; i++) {
                keys.add(parse(keyTypes.get(i), parts[i]));
            }
            return keys;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }

    private static Object parse(Class<?> type, String text) {
        if (type == LocalDate.class) {
            return LocalDate.parse(text);
        }
        if (type == Instant.class) {
            return Instant.EPOCH.plus(Long.parseLong(text), ChronoUnit.MICROS);
        }
        if (type == UUID.class) {
            return UUID.fromString(text);
        }
        return Long.valueOf(text);
    }
}
