package dev.dnevnik.news.feed;

import java.time.Duration;

/**
 * A fetch that did not give a usable answer, with a short reason fit for {@code feeds.last_error} and an operator's
 * eyes ("refused: 10.0.0.5 is a private address", "HTTP 503", "timed out after 30s"). Never a stack trace.
 */
public class FeedFetchException extends RuntimeException {

    /** What went wrong, for metrics and for deciding what to tell an operator. */
    public enum Kind {
        /** The URL or one of its redirects was refused before any connection (SSRF guard, scheme). */
        REFUSED,
        /** The URL (or a redirect's Location) is not a usable http(s) URL. */
        INVALID_URL,
        /** The host could not be resolved or reached, or the connection broke. */
        CONNECTION,
        TIMEOUT,
        TOO_LARGE,
        TOO_MANY_REDIRECTS,
        /** The server answered with a status other than 2xx or 304. */
        HTTP_STATUS,
        /** The body could not be decoded (a broken gzip stream, an unsupported encoding). */
        BAD_BODY
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public FeedFetchException(Kind kind, String reason) {
        this(kind, reason, 0, null);
    }

    public FeedFetchException(Kind kind, String reason, int status, Duration retryAfter) {
        super(reason, null, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The short human reason. */
    public String reason() {
        return getMessage();
    }

    /** The HTTP status when the server answered, else 0. */
    public int status() {
        return status;
    }

    /** How long the server asked to wait ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
