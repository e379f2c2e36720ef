package dev.dnevnik.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class FieldErrorsTest {

    @Test
    void parsesValidValuesAndDefaultsAbsentOnes() {
        FieldErrors errors = new FieldErrors();
        assertEquals(LocalDate.of(2026, 3, 1), errors.date("from", "2026-03-01"));
        assertNull(errors.date("to", null));
        assertEquals(50, errors.integer("limit", "50", 1, 100, 20));
        assertEquals(20, errors.integer("limit", " ", 1, 100, 20));
        assertEquals(ZoneId.of("Europe/Kyiv"), errors.zone("Time-Zone", "Europe/Kyiv", ZoneOffset.UTC));
        assertTrue(errors.isEmpty());
        errors.throwIfAny();
    }

    @Test
    void reportsEveryInvalidFieldInOneProblem() {
        FieldErrors errors = new FieldErrors();
        errors.date("from", "2026-02-30");
        errors.integer("limit", "0", 1, 100, 20);
        errors.integer("page", "abc", 1, 100, 20);
        errors.zone("Time-Zone", "Mars/Olympus", ZoneOffset.UTC);

        ProblemException problem = assertThrows(ProblemException.class, errors::throwIfAny);

        assertEquals(400, problem.status());
        assertEquals(ProblemType.VALIDATION.uri(), problem.typeUri());
        assertEquals(List.of("from", "limit", "page", "Time-Zone"),
                problem.violations().stream().map(Problem.FieldViolation::field).toList());
    }

    @Test
    void readsFreeTextAndLanguageCodes() {
        FieldErrors errors = new FieldErrors();
        assertEquals("парк", errors.text("q", "  парк ", 10));
        assertNull(errors.text("q", "  ", 10));
        assertEquals("ru", errors.languageCode("language", " RU "));
        assertNull(errors.languageCode("language", null));
        assertTrue(errors.isEmpty());
    }

    @Test
    void refusesOverlongTextTextWithNulAndBadLanguageCodes() {
        FieldErrors errors = new FieldErrors();
        errors.text("tag", "x".repeat(41), 40);
        errors.text("q", "a\u0000b", 500);
        errors.languageCode("language", "russian");

        ProblemException problem = assertThrows(ProblemException.class, errors::throwIfAny);

        assertEquals(List.of("tag", "q", "language"),
                problem.violations().stream().map(Problem.FieldViolation::field).toList());
        assertEquals("must not contain the NUL character (U+0000)", problem.violations().get(1).message());
    }
}
