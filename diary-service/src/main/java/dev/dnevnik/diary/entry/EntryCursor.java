package dev.dnevnik.diary.entry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last entry of a page in the list order (entry date, creation time, id; all descending). Opaque
 * to clients: base64url of the three values. Keyset paging never skips or repeats entries when others are added or
 * removed meanwhile, and costs the same on page 1 and page 500.
 */
record EntryCursor(LocalDate entryDate, Instant createdAt, UUID id) {

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        String plain = entryDate + "|" + micros + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this service made */
    static EntryCursor decode(String text) {
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        String[] parts = plain.split("\\|");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            return new EntryCursor(LocalDate.parse(parts[0]),
                    Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS), UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
