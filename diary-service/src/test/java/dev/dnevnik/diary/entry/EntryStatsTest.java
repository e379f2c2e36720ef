package dev.dnevnik.diary.entry;

import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.createEntry;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.diary.config.AdjustableClock;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Stats on known data sets: per-day counts, totals and the current streak. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class EntryStatsTest {

    private static final String ZONE = "Europe/Kyiv";
    /** The service's "today" in Kyiv while these tests run: 21:00 UTC on 2 March is 23:00 on 2 March in Kyiv. */
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    @Inject
    AdjustableClock clock;

    @BeforeEach
    void fixTheDay() {
        clock.fixAt(Instant.parse("2026-03-02T21:00:00Z"));
    }

    @AfterEach
    void letTheClockRun() {
        clock.runFree();
    }

    @Test
    void countsEntriesAndWordsPerDayWithZeroDaysIncluded() {
        UUID user = UUID.randomUUID();
        createEntry(user, Map.of("body", "one two three", "entryDate", "2026-02-01"));
        createEntry(user, Map.of("body", "four five", "entryDate", "2026-02-01"));
        createEntry(user, Map.of("body", "шесть", "entryDate", "2026-02-03"));
        createEntry(user, Map.of("body", "outside the range", "entryDate", "2026-02-05"));

        as(user).queryParam("from", "2026-02-01").queryParam("to", "2026-02-04").get("/entries/stats")
                .then().statusCode(200)
                .body("from", equalTo("2026-02-01"))
                .body("to", equalTo("2026-02-04"))
                .body("days.date", org.hamcrest.Matchers.contains("2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04"))
                .body("days.entries", org.hamcrest.Matchers.contains(2, 0, 1, 0))
                .body("days.words", org.hamcrest.Matchers.contains(5, 0, 1, 0))
                .body("totalEntries", equalTo(3))
                .body("totalWords", equalTo(6));
    }

    @Test
    void countsTheStreakEndingToday() {
        UUID user = UUID.randomUUID();
        LocalDate today = TODAY;
        for (int daysAgo : new int[] { 0, 0, 1, 2, 4, 5 }) {
            createEntry(user, Map.of("body", "x", "entryDate", today.minusDays(daysAgo).toString()));
        }

        as(user).header("Time-Zone", ZONE).get("/entries/stats").then().statusCode(200)
                .body("currentStreak", equalTo(3))
                .body("to", equalTo(today.toString()))
                .body("from", equalTo(today.minusDays(29).toString()))
                .body("days.size()", equalTo(30))
                .body("totalEntries", equalTo(6));
    }

    @Test
    void keepsAStreakAliveUntilTheEndOfTheDayAfter() {
        UUID user = UUID.randomUUID();
        LocalDate today = TODAY;
        createEntry(user, Map.of("body", "x", "entryDate", today.minusDays(1).toString()));
        createEntry(user, Map.of("body", "x", "entryDate", today.minusDays(2).toString()));
        // a future-dated entry does not extend the streak
        createEntry(user, Map.of("body", "x", "entryDate", today.plusDays(3).toString()));

        as(user).header("Time-Zone", ZONE).get("/entries/stats").then().body("currentStreak", equalTo(2));
    }

    @Test
    void hasNoStreakAfterAMissedDay() {
        UUID user = UUID.randomUUID();
        LocalDate today = TODAY;
        createEntry(user, Map.of("body", "x", "entryDate", today.minusDays(2).toString()));

        as(user).header("Time-Zone", ZONE).get("/entries/stats").then().body("currentStreak", equalTo(0));
        as(UUID.randomUUID()).get("/entries/stats").then().body("currentStreak", equalTo(0))
                .body("totalWords", equalTo(0));
    }
}
