package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Writing statistics over a date range. */
@RegisterForReflection(targets = { EntryStats.class, EntryStats.Day.class })
@Schema(description = "Writing statistics over a range of entry dates")
public record EntryStats(
        LocalDate from,
        LocalDate to,
        @Schema(description = "Every day of the range, including days without entries") List<Day> days,
        @Schema(description = "Entries in the range") long totalEntries,
        @Schema(description = "Words written in the range") long totalWords,
        @Schema(description = "Consecutive days with at least one entry, ending today or yesterday "
                + "(in the client's Time-Zone); 0 when neither has an entry") int currentStreak) {

    public record Day(LocalDate date, long entries, long words) {
    }
}
