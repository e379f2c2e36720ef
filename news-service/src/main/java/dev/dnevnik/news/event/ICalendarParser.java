package dev.dnevnik.news.event;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.util.CompatibilityHints;

import dev.dnevnik.common.hash.Sha256;
import dev.dnevnik.common.text.PostgresText;
import dev.dnevnik.news.feed.FeedText;
import dev.dnevnik.news.feed.FeedUrls;

/**
 * Reads VEVENTs from an iCalendar feed with ical4j.
 * <ul>
 * <li>Times: TZID-bound local times through the calendar's own VTIMEZONE definitions, else the IANA zone of that
 * name (ical4j's registry); UTC times as they are; floating times and all-day dates at the calendar's
 * X-WR-TIMEZONE, else UTC.</li>
 * <li>Recurrence (RRULE, RDATE, EXDATE) expanded into the occurrences overlapping the caller's window, at most
 * {@code maxOccurrences} per event, each keyed by its original start; a RECURRENCE-ID override replaces the
 * occurrence it names (a cancelled one removes it); rules repeating more often than hourly are not expanded.</li>
 * <li>Text as plain text without NUL, capped; URLs kept only when absolute http(s).</li>
 * </ul>
 * <p>
 * GraalVM native image (not configured yet): ical4j finds its property, parameter and component factories through
 * {@code ServiceLoader} ({@code META-INF/services/net.fortuna.ical4j.model.*Factory}, also
 * {@code java.time.zone.ZoneRulesProvider}), loads VTIMEZONE definitions as resources ({@code zoneinfo/**.ics},
 * {@code net/fortuna/ical4j/model/tz.alias}, {@code .../transform/compliance/msTimezone*}), reads
 * {@code ical4j.properties} if present, and instantiates its time-zone cache by class name (the jar's own
 * {@code META-INF/native-image} registers only {@code MapTimeZoneCache} and {@code tz.alias}).
 */
public class ICalendarParser {

    static final int MAX_TITLE = 500;
    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_LOCATION = 500;
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)");
    private static final Pattern TOO_FREQUENT = Pattern.compile("(?i)FREQ=(SECONDLY|MINUTELY)");

    static {
        // calendars in the wild fold lines and name properties sloppily; ical4j reads this once, for the whole JVM
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, true);
    }

    /**
     * @param body           the fetched bytes
     * @param contentType    the response's Content-Type, or null (charset from it, else UTF-8)
     * @param from           events and occurrences ending after this instant...
     * @param to             ...and starting before this one are returned
     * @param maxOccurrences at most this many occurrences per recurring event (the earliest)
     * @throws ICalendarParseException with a short reason when the bytes are not a readable calendar
     */
    public List<ParsedEvent> parse(byte[] body, String contentType, Instant from, Instant to, int maxOccurrences) {
        Calendar calendar = build(decode(body, contentType));
        ZoneId calendarZone = calendarZone(calendar);
        Map<String, VEvent> masters = new LinkedHashMap<>();
        Map<String, Map<Instant, VEvent>> overrides = new LinkedHashMap<>();
        for (Component component : calendar.getComponents(Component.VEVENT)) {
            VEvent event = (VEvent) component;
            if (startProperty(event).isEmpty()) {
                continue; // no DTSTART: nothing to place on a calendar
            }
            String uid = uid(event, calendarZone);
            Optional<DateProperty<?>> recurrenceId = event.getProperty(Property.RECURRENCE_ID);
            if (recurrenceId.isPresent()) {
                overrides.computeIfAbsent(uid, k -> new LinkedHashMap<>())
                        .put(instant(recurrenceId.get().getDate(), calendarZone), event);
            } else {
                VEvent known = masters.get(uid);
                if (known == null || sequence(event) >= sequence(known)) {
                    masters.put(uid, event); // a UID repeated: the latest revision counts
                }
            }
        }
        Map<String, ParsedEvent> out = new LinkedHashMap<>();
        for (Map.Entry<String, VEvent> master : masters.entrySet()) {
            String uid = master.getKey();
            Map<Instant, VEvent> changed = overrides.getOrDefault(uid, Map.of());
            expand(uid, master.getValue(), changed, calendarZone, from, to, maxOccurrences, out);
        }
        for (Map.Entry<String, Map<Instant, VEvent>> orphans : overrides.entrySet()) {
            if (!masters.containsKey(orphans.getKey())) {
                for (Map.Entry<Instant, VEvent> override : orphans.getValue().entrySet()) {
                    emit(orphans.getKey(), override.getKey().toString(), override.getValue(), null, calendarZone,
                            from, to, out);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private void expand(String uid, VEvent master, Map<Instant, VEvent> changed, ZoneId zone, Instant from,
            Instant to, int maxOccurrences, Map<String, ParsedEvent> out) {
        if (isCancelled(master)) {
            return;
        }
        boolean recurring = master.getProperty(Property.RRULE).isPresent()
                || master.getProperty(Property.RDATE).isPresent();
        if (!recurring) {
            emit(uid, "", master, null, zone, from, to, out);
            return;
        }
        Optional<Property> rule = master.getProperty(Property.RRULE);
        if (rule.isPresent() && TOO_FREQUENT.matcher(rule.get().getValue()).find()) {
            return;
        }
        Duration length = length(master, zone);
        // widen the window by the event's length so that occurrences that started before it and still run count
        Instant windowStart = from.minus(length == null ? Duration.ZERO : length);
        Period<ZonedDateTime> window = new Period<>(windowStart.atZone(ZoneOffset.UTC), to.atZone(ZoneOffset.UTC));
        List<Instant> starts = new ArrayList<>();
        for (Period<Temporal> occurrence : master.<Temporal>calculateRecurrenceSet(window)) {
            starts.add(instant(occurrence.getStart(), zone));
        }
        starts.sort(Comparator.naturalOrder());
        int emitted = 0;
        for (Instant start : starts) {
            if (emitted >= maxOccurrences) {
                break;
            }
            VEvent override = changed.get(start);
            if (override != null) {
                if (!isCancelled(override) && emit(uid, start.toString(), override, null, zone, from, to, out)) {
                    emitted++;
                }
            } else if (emit(uid, start.toString(), master, start, zone, from, to, out)) {
                emitted++;
            }
        }
        // overrides that moved an occurrence into the window from outside it
        for (Map.Entry<Instant, VEvent> override : changed.entrySet()) {
            if (!starts.contains(override.getKey()) && !isCancelled(override.getValue())
                    && !out.containsKey(key(uid, override.getKey().toString())) && emitted < maxOccurrences
                    && emit(uid, override.getKey().toString(), override.getValue(), null, zone, from, to, out)) {
                emitted++;
            }
        }
    }

    /**
     * Adds the event (at {@code occurrenceStart} when it is an occurrence of a master) if it overlaps the window;
     * returns whether it did.
     */
    private boolean emit(String uid, String recurrenceId, VEvent event, Instant occurrenceStart, ZoneId zone,
            Instant from, Instant to, Map<String, ParsedEvent> out) {
        DateProperty<?> dtStart = startProperty(event).orElseThrow();
        Temporal startValue = dtStart.getDate();
        boolean allDay = startValue instanceof LocalDate;
        Instant start = occurrenceStart != null ? occurrenceStart : instant(startValue, zone);
        Duration length = length(event, zone);
        Instant end = length == null ? null : start.plus(length);
        if (end != null && end.isBefore(start)) {
            end = null;
        }
        boolean overlaps = start.isBefore(to)
                && (end != null && end.isAfter(start) ? end.isAfter(from) : !start.isBefore(from));
        if (!overlaps) {
            return false;
        }
        String description = FeedText.fromHtml(text(event, Property.DESCRIPTION), MAX_DESCRIPTION);
        String location = FeedText.plain(text(event, Property.LOCATION), MAX_LOCATION);
        String title = FeedText.plain(text(event, Property.SUMMARY), MAX_TITLE);
        if (title == null) {
            title = description != null ? FeedText.cap(description, 100)
                    : location != null ? location : "Untitled event";
        }
        String url = Optional.ofNullable(text(event, Property.URL))
                .map(value -> FeedUrls.resolve(null, value)).map(Object::toString).orElse(null);
        String timeZone = dtStart.<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue)
                .map(value -> FeedText.plain(value, 100))
                .orElse(startValue instanceof LocalDate || startValue instanceof LocalDateTime
                        ? (zone.equals(ZoneOffset.UTC) ? null : zone.getId()) : null);
        out.put(key(uid, recurrenceId), new ParsedEvent(uid, recurrenceId, title, description, location, url, start,
                end, timeZone, allDay));
        return true;
    }

    /** How long the event lasts: DTEND − DTSTART, else DURATION, else a day for an all-day event, else null. */
    private static Duration length(VEvent event, ZoneId zone) {
        DateProperty<?> dtStart = startProperty(event).orElseThrow();
        Temporal start = dtStart.getDate();
        Optional<DateProperty<?>> dtEnd = event.getProperty(Property.DTEND);
        if (dtEnd.isPresent()) {
            return Duration.between(instant(start, zone), instant(dtEnd.get().getDate(), zone));
        }
        Optional<net.fortuna.ical4j.model.property.Duration> duration = event.getProperty(Property.DURATION);
        if (duration.isPresent()) {
            TemporalAmount amount = duration.get().getDuration();
            ZonedDateTime zonedStart = instant(start, zone).atZone(zone(dtStart, zone));
            return Duration.between(zonedStart, zonedStart.plus(amount));
        }
        return start instanceof LocalDate ? Duration.ofDays(1) : null;
    }

    private static ZoneId zone(DateProperty<?> property, ZoneId fallback) {
        return property.getDate() instanceof ZonedDateTime zoned ? zoned.getZone() : fallback;
    }

    @SuppressWarnings("unchecked")
    private static Optional<DateProperty<?>> startProperty(VEvent event) {
        return (Optional<DateProperty<?>>) (Optional<?>) event.getProperty(Property.DTSTART);
    }

    /** The instant of an iCalendar date or date-time; floating times and dates at {@code zone}. */
    static Instant instant(Temporal value, ZoneId zone) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.atZone(zone).toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }
        throw new ICalendarParseException("unsupported date value " + value);
    }

    private static String uid(VEvent event, ZoneId zone) {
        String uid = FeedText.plain(text(event, Property.UID), 500);
        if (uid != null) {
            return uid;
        }
        // no UID: a stable stand-in from what identifies the event, so that re-imports update rather than repeat
        return "generated-" + Sha256.hex(text(event, Property.SUMMARY) + "\n"
                + instant(startProperty(event).orElseThrow().getDate(), zone) + "\n" + text(event, Property.LOCATION));
    }

    private static int sequence(VEvent event) {
        try {
            return Integer.parseInt(Optional.ofNullable(text(event, Property.SEQUENCE)).orElse("0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isCancelled(VEvent event) {
        return "CANCELLED".equalsIgnoreCase(Optional.ofNullable(text(event, Property.STATUS)).orElse("").strip());
    }

    private static String text(Component component, String name) {
        return component.<Property>getProperty(name).map(Property::getValue).map(PostgresText::withoutNul)
                .orElse(null);
    }

    private static String key(String uid, String recurrenceId) {
        return uid + "\u0000" + recurrenceId;
    }

    private static ZoneId calendarZone(Calendar calendar) {
        Optional<Property> zone = calendar.getProperty("X-WR-TIMEZONE");
        if (zone.isPresent()) {
            try {
                return ZoneId.of(zone.get().getValue().strip());
            } catch (DateTimeException unknown) {
                // an unknown name: UTC, as if none were given
            }
        }
        return ZoneOffset.UTC;
    }

    private static Calendar build(String text) {
        try {
            return new CalendarBuilder().build(new StringReader(text));
        } catch (ParserException e) {
            throw new ICalendarParseException("not an iCalendar document: line " + e.getLineNo() + ": "
                    + shorten(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            throw new ICalendarParseException("not an iCalendar document: " + shorten(e.getMessage()));
        }
    }

    /** BOM, else the Content-Type's charset, else UTF-8 (what RFC 5545 prescribes); NUL removed. */
    static String decode(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            throw new ICalendarParseException("empty document");
        }
        int bom = 0;
        Charset charset = null;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            bom = 3;
            charset = StandardCharsets.UTF_8;
        }
        if (charset == null && contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                try {
                    charset = Charset.forName(m.group(1));
                } catch (IllegalArgumentException unknown) {
                    charset = null;
                }
            }
        }
        if (charset == null) {
            charset = StandardCharsets.UTF_8;
        }
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(body, bom, body.length - bom)).toString();
            return PostgresText.withoutNul(text);
        } catch (CharacterCodingException cannotHappenWhenReplacing) {
            throw new ICalendarParseException("undecodable text");
        }
    }

    private static String shorten(String message) {
        if (message == null) {
            return "unreadable";
        }
        String oneLine = message.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
