package dev.dnevnik.diary.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dnevnik.common.problem.ProblemException;

/** The pure rules behind entries, without a database. */
class EntryRulesTest {

    @Test
    void countsWordsInRussianUkrainianAndEnglishWithApostrophesAndHyphens() {
        assertEquals(0, WordCounter.count("  \n "));
        assertEquals(5, WordCounter.count("Сегодня гуляли в парке, ура!"));
        assertEquals(4, WordCounter.count("П'ять хвилин — e-mail, don't"));
        assertEquals(3, WordCounter.count("2026 год: start"));
    }

    @Test
    void normalisesTagsToLowercaseWithoutHashOrDuplicates() {
        assertEquals(List.of("walks", "family time"),
                EntryService.normalizeTags(Arrays.asList("#Walks", " walks ", "Family   Time")));
        assertEquals(List.of(), EntryService.normalizeTags(null));
    }

    @Test
    void refusesATagThatIsOnlyAHash() {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> EntryService.normalizeTags(List.of("ok", " # ")));
        assertEquals("tags[1]", problem.violations().get(0).field());
    }

    @Test
    void readsVersionsFromIfMatchInItsCommonForms() {
        assertNull(Versions.fromIfMatch(null));
        assertEquals(3L, Versions.fromIfMatch("\"3\""));
        assertEquals(3L, Versions.fromIfMatch("W/\"3\""));
        assertEquals(3L, Versions.fromIfMatch("3"));
        assertEquals(Versions.ANY, Versions.fromIfMatch("*"));
        assertThrows(ProblemException.class, () -> Versions.fromIfMatch("\"abc\""));
    }
}
