package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.util.UUID;

import dev.dnevnik.common.paging.PageRequest;

/** A validated list request: whose entries, which filters (null: any), which page. */
record EntryFilter(UUID userId, LocalDate from, LocalDate to, String tag, Source source, String text,
        PageRequest page) {
}
