package dev.dnevnik.news.feed;

/** A document that is not a readable feed, with a short reason ("not a feed: ...", "DOCTYPE refused"). */
public class FeedParseException extends RuntimeException {

    public FeedParseException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
