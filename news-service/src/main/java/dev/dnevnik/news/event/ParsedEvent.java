package dev.dnevnik.news.event;

import java.time.Instant;

/**
 * One event (or one occurrence of a recurring event) from an iCalendar feed, ready for {@code events}: plain text
 * without NUL characters; {@code (uid, recurrenceId)} is unique within one parse.
 *
 * @param uid          the VEVENT's UID (a stable hash of summary, start and location when it has none)
 * @param recurrenceId "" for a single event; for an occurrence, its original start as an ISO-8601 instant
 *                     ({@code 2025-11-03T17:00:00Z}), the same whether or not an override moved it
 * @param title        never empty
 * @param url          an absolute http(s) URL, or null
 * @param endsAt       null when the event has neither DTEND nor DURATION (an all-day event lasts its day)
 * @param timeZone     the TZID of DTSTART; for floating and all-day times the calendar's X-WR-TIMEZONE; else null
 * @param allDay       DTSTART is a date: {@code startsAt} is its midnight in the calendar's X-WR-TIMEZONE, else UTC
 */
public record ParsedEvent(String uid, String recurrenceId, String title, String description, String location,
        String url, Instant startsAt, Instant endsAt, String timeZone, boolean allDay) {
}
