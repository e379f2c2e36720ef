package dev.dnevnik.sync.run;

import java.time.Duration;

/**
 * A page the upstream did not give: its HTTP status (0 when no answer came), whether another attempt may succeed,
 * and how long the upstream asked to wait ({@code Retry-After}). The message never holds a secret.
 */
public class PageFailure extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    PageFailure(String message, int status, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    static PageFailure ofStatus(int status, Duration retryAfter) {
        boolean retryable = status == 429 || status >= 500;
        return new PageFailure("the upstream answered " + status, status, retryable, retryAfter);
    }

    static PageFailure timeout(Duration after) {
        return new PageFailure("no answer within " + after.toMillis() + " ms", 0, true, null);
    }

    static PageFailure connection(String what) {
        return new PageFailure("could not reach the upstream (" + what + ")", 0, true, null);
    }

    static PageFailure invalid(String what) {
        return new PageFailure("the upstream's answer " + what, 0, false, null);
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
