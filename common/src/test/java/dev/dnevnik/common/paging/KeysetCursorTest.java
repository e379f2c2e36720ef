package dev.dnevnik.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    private final KeysetCursor entries = KeysetCursor.of(LocalDate.class, Instant.class, UUID.class);

    @Test
    void survivesARoundTripWithMicrosecondPrecision() {
        UUID id = UUID.randomUUID();
        Instant created = Instant.parse("2026-03-01T10:15:30.123456Z");

        String cursor = entries.encode(LocalDate.of(2026, 3, 1), created, id);

        assertEquals(List.of(LocalDate.of(2026, 3, 1), created, id), entries.decode(cursor));
    }

    @Test
    void keepsTheWireFormatOfEarlierCursors() {
        // base64url of "2026-03-01|1772360130123456|<uuid>": pages clients hold stay valid across releases
        UUID id = UUID.fromString("0193f1d2-0000-7000-8000-000000000001");
        String plain = "2026-03-01|1772360130123456|" + id;
        String earlier = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes());

        assertEquals(earlier, entries.encode(LocalDate.of(2026, 3, 1), Instant.parse("2026-03-01T10:15:30.123456Z"), id));
    }

    @Test
    void refusesTextThatIsNotACursorOfItsShape() {
        KeysetCursor transcripts = KeysetCursor.of(Instant.class, UUID.class);
        String transcriptCursor = transcripts.encode(Instant.now(), UUID.randomUUID());
        for (String bad : new String[] { "abc", "bm90LWEtY3Vyc29y", "MjAyNi0wMy0wMXx4eHh8eXl5", "!!!", "",
                transcriptCursor }) {
            assertThrows(IllegalArgumentException.class, () -> entries.decode(bad), bad);
        }
    }

    @Test
    void refusesKeyTypesItCannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> KeysetCursor.of(String.class));
    }
}
