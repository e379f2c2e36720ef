package dev.dnevnik.news;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The events of a finished SSE stream as the jobs module writes them: id, event name, one line of JSON data. */
public record SseEvents(List<Event> events) {

    public record Event(String id, String name, String data) {
    }

    private static final Pattern EVENT = Pattern.compile("id:\\s?(\\d+)\\nevent:\\s?([\\w-]+)\\ndata:\\s?(.*)\\n");

    public static SseEvents parse(String stream) {
        List<Event> events = new ArrayList<>();
        Matcher m = EVENT.matcher(stream.replace("\r\n", "\n"));
        while (m.find()) {
            events.add(new Event(m.group(1), m.group(2), m.group(3)));
        }
        return new SseEvents(List.copyOf(events));
    }

    public List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    public List<String> ids() {
        return events.stream().map(Event::id).toList();
    }

    public Event last() {
        if (events.isEmpty()) {
            throw new AssertionError("the stream had no events");
        }
        return events.get(events.size() - 1);
    }
}
