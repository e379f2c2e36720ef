package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.util.UUID;

/** A validated list request: whose entries, which filters, where to continue, how many. */
record EntryQuery(UUID userId, LocalDate from, LocalDate to, String tag, Source source, String text,
        EntryCursor after, int limit) {
}
