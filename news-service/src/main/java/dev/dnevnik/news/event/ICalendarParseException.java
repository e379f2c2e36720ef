package dev.dnevnik.news.event;

/** A document that is not a readable iCalendar feed, with a short reason. */
public class ICalendarParseException extends RuntimeException {

    public ICalendarParseException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
