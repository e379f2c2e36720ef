package dev.dnevnik.common.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.dnevnik.common.problem.ProblemException;

class IdempotencyKeyTest {

    @Test
    void acceptsPlainAndStructuredFieldKeys() {
        assertNull(IdempotencyKey.parse(null));
        assertEquals("8e03978e-40d5-43e8-bc93-6894a57f9324", IdempotencyKey.parse("8e03978e-40d5-43e8-bc93-6894a57f9324"));
        assertEquals("abc", IdempotencyKey.parse("\"abc\""));
    }

    @Test
    void rejectsEmptyOverlongAndSpacedKeysAsAFieldError() {
        for (String bad : new String[] { "", "a b", "k".repeat(256), "ключ" }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> IdempotencyKey.parse(bad));
            assertEquals(400, problem.status());
            assertEquals("Idempotency-Key", problem.violations().get(0).field());
        }
    }
}
