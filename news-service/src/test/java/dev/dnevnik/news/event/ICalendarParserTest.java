package dev.dnevnik.news.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ICalendarParserTest {

    private static final Instant FROM = Instant.parse("2025-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-05-01T00:00:00Z");

    private final ICalendarParser parser = new ICalendarParser();

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = ICalendarParserTest.class.getResourceAsStream("/feeds/ical/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] ics(String... lines) {
        return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + String.join("\r\n", lines)
                + "\r\nEND:VCALENDAR\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ParsedEvent find(List<ParsedEvent> events, String uid, String recurrenceId) {
        return events.stream().filter(e -> e.uid().equals(uid) && e.recurrenceId().equals(recurrenceId)).findFirst()
                .orElseThrow(() -> new AssertionError(uid + " " + recurrenceId + " not in " + events));
    }

    private List<ParsedEvent> kyiv(Instant from, Instant to, int max) throws IOException {
        return parser.parse(sample("kyiv.ics"), "text/calendar; charset=utf-8", from, to, max);
    }

    @Test
    void convertsTzidBoundLocalTimesWithTheCalendarsZone() throws IOException {
        ParsedEvent concert = find(kyiv(FROM, TO, 50), "concert-2025-11-05@afisha.example.com", "");

        assertEquals(Instant.parse("2025-11-05T17:00:00Z"), concert.startsAt(), "19:00 in Kyiv, UTC+2 in November");
        assertEquals(Instant.parse("2025-11-05T19:00:00Z"), concert.endsAt());
        assertEquals("Europe/Kyiv", concert.timeZone());
        assertFalse(concert.allDay());
        assertEquals("Концерт у філармонії", concert.title());
        assertEquals("Симфонічний оркестр грає Лятошинського. Квитки в касі.", concert.description());
        assertEquals("Національна філармонія, Володимирський узвіз 2", concert.location());
        assertEquals("https://afisha.example.com/events/concert", concert.url());
    }

    @Test
    void placesAllDayEventsAtMidnightInTheCalendarsTimeZone() throws IOException {
        ParsedEvent fair = find(kyiv(FROM, TO, 50), "book-fair-2025@afisha.example.com", "");

        assertTrue(fair.allDay());
        assertEquals(Instant.parse("2025-11-07T22:00:00Z"), fair.startsAt(), "midnight of 8 November in Kyiv");
        assertEquals(Instant.parse("2025-11-08T22:00:00Z"), fair.endsAt());
        assertEquals("Europe/Kyiv", fair.timeZone(), "X-WR-TIMEZONE");
        assertNull(fair.url(), "only http(s) URLs are kept");
    }

    @Test
    void placesAllDayEventsAtUtcMidnightWithoutACalendarZone() {
        List<ParsedEvent> events = parser.parse(ics("BEGIN:VEVENT", "UID:day", "DTSTAMP:20250101T000000Z",
                "DTSTART;VALUE=DATE:20251224", "SUMMARY:Christmas Eve", "END:VEVENT"), null, FROM, TO, 10);

        assertEquals(Instant.parse("2025-12-24T00:00:00Z"), events.get(0).startsAt());
        assertEquals(Instant.parse("2025-12-25T00:00:00Z"), events.get(0).endsAt(), "an all-day event lasts its day");
        assertNull(events.get(0).timeZone());
    }

    @Test
    void keepsUtcTimesAsTheyAre() throws IOException {
        ParsedEvent breakfast = find(kyiv(FROM, TO, 50), "utc-breakfast@afisha.example.com", "");

        assertEquals(Instant.parse("2025-11-10T08:00:00Z"), breakfast.startsAt());
        assertEquals(Instant.parse("2025-11-10T09:00:00Z"), breakfast.endsAt());
        assertNull(breakfast.timeZone());
    }

    @Test
    void expandsWeeklyRuleAcrossDstWithOverrideAndExdateAndCancellation() throws IOException {
        List<ParsedEvent> club = kyiv(FROM, TO, 50).stream()
                .filter(e -> e.uid().equals("language-club@afisha.example.com")).toList();

        assertEquals(List.of("2026-03-05T17:00:00Z", "2026-03-19T17:00:00Z", "2026-03-26T17:00:00Z",
                "2026-04-09T16:00:00Z"), club.stream().map(ParsedEvent::recurrenceId).toList(),
                "12 March excluded (EXDATE), 2 April cancelled; 19:00 Kyiv is 16:00Z after the switch to summer time");
        ParsedEvent first = club.get(0);
        assertEquals(Instant.parse("2026-03-05T17:00:00Z"), first.startsAt());
        assertEquals(Instant.parse("2026-03-05T18:30:00Z"), first.endsAt(), "DURATION PT1H30M");
        assertEquals("Розмовний клуб", first.title());

        ParsedEvent moved = club.get(1);
        assertEquals(Instant.parse("2026-03-19T18:00:00Z"), moved.startsAt(), "the override's own time");
        assertEquals(Instant.parse("2026-03-19T19:00:00Z"), moved.endsAt());
        assertEquals("Розмовний клуб (перенесено на 20:00)", moved.title());

        assertEquals(Instant.parse("2026-04-09T16:00:00Z"), club.get(3).startsAt());
        assertEquals("Europe/Kyiv", club.get(3).timeZone());
    }

    @Test
    void expandsOnlyWithinTheWindowAndAtMostNOccurrences() throws IOException {
        List<String> inWindow = kyiv(Instant.parse("2026-03-20T00:00:00Z"), Instant.parse("2026-04-30T00:00:00Z"), 50)
                .stream().filter(e -> e.uid().equals("language-club@afisha.example.com"))
                .map(ParsedEvent::recurrenceId).toList();
        List<String> firstTwo = kyiv(FROM, TO, 2).stream()
                .filter(e -> e.uid().equals("language-club@afisha.example.com"))
                .map(ParsedEvent::recurrenceId).toList();

        assertEquals(List.of("2026-03-26T17:00:00Z", "2026-04-09T16:00:00Z"), inWindow);
        assertEquals(List.of("2026-03-05T17:00:00Z", "2026-03-19T17:00:00Z"), firstTwo);
    }

    @Test
    void leavesEventsOutsideTheWindowOut() throws IOException {
        List<ParsedEvent> events = kyiv(Instant.parse("2025-11-06T00:00:00Z"), Instant.parse("2025-11-09T00:00:00Z"), 50);

        assertEquals(List.of("book-fair-2025@afisha.example.com"), events.stream().map(ParsedEvent::uid).toList());
    }

    @Test
    void honoursTheCalendarsOwnVtimezoneDefinitions() throws IOException {
        List<ParsedEvent> events = parser.parse(sample("outlook-custom-tz.ics"), "text/calendar",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), 10);

        ParsedEvent summer = find(events, "040000008200E00074C5B7101A82E00800000000", "");
        assertEquals(Instant.parse("2025-07-15T09:00:00Z"), summer.startsAt(), "12:00 at +03:00 in July");
        assertEquals(Instant.parse("2025-07-15T10:30:00Z"), summer.endsAt());
        assertEquals("FLE Standard Time", summer.timeZone());
        assertEquals("Офіс, кімната 4", summer.location());
        assertEquals(Instant.parse("2025-01-15T10:00:00Z"), find(events, "winter-meeting", "").startsAt(),
                "12:00 at +02:00 in January");
    }

    @Test
    void givesEveryEventAndOccurrenceAUniqueKey() throws IOException {
        List<ParsedEvent> events = kyiv(FROM, TO, 50);

        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.uid() + "|" + e.recurrenceId()));
        assertEquals(events.size(), keys.size());
        assertEquals(7, events.size(), "3 single events and 4 occurrences");
    }

    @Test
    void keepsTheLatestRevisionOfARepeatedUid() {
        List<ParsedEvent> events = parser.parse(ics(
                "BEGIN:VEVENT", "UID:dup", "DTSTAMP:20250101T000000Z", "SEQUENCE:2", "DTSTART:20251201T100000Z",
                "SUMMARY:Revised", "END:VEVENT",
                "BEGIN:VEVENT", "UID:dup", "DTSTAMP:20250101T000000Z", "SEQUENCE:1", "DTSTART:20251201T090000Z",
                "SUMMARY:Stale", "END:VEVENT"), null, FROM, TO, 10);

        assertEquals(1, events.size());
        assertEquals("Revised", events.get(0).title());
    }

    @Test
    void stripsNulAndGivesAStableUidToEventsWithoutOne() {
        byte[] calendar = ics("BEGIN:VEVENT", "DTSTAMP:20250101T000000Z", "DTSTART:20251201T100000Z",
                "SUMMARY:Nul\u0000here", "DESCRIPTION:a\u0000b", "END:VEVENT");

        List<ParsedEvent> first = parser.parse(calendar, null, FROM, TO, 10);
        List<ParsedEvent> again = parser.parse(calendar, null, FROM, TO, 10);

        assertEquals("Nulhere", first.get(0).title());
        assertEquals("ab", first.get(0).description());
        assertTrue(first.get(0).uid().startsWith("generated-"));
        assertEquals(first.get(0).uid(), again.get(0).uid());
        assertNull(first.get(0).endsAt());
        assertEquals("", first.get(0).recurrenceId());
    }

    @Test
    void refusesGarbageWithAShortReason() {
        ICalendarParseException html = assertThrows(ICalendarParseException.class, () -> parser.parse(
                "<html>nope</html>".getBytes(StandardCharsets.UTF_8), "text/html", FROM, TO, 10));
        ICalendarParseException empty = assertThrows(ICalendarParseException.class,
                () -> parser.parse(new byte[0], null, FROM, TO, 10));

        assertTrue(html.reason().startsWith("not an iCalendar document"), html.reason());
        assertTrue(html.reason().length() < 200);
        assertEquals("empty document", empty.reason());
    }
}
