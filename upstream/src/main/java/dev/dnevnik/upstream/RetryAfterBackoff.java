package dev.dnevnik.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Delays between retries: exponential with ±25 % jitter (so that many callers failing together do not retry in
 * lockstep), except after a failure that says how long to wait (a 429 or 503 with {@code Retry-After}): then exactly
 * that long, plus a little. One instance per guarded call.
 */
class RetryAfterBackoff implements CustomBackoffStrategy {

    private final long initialMillis;
    private final long maxMillis;
    private final Function<Throwable, Duration> retryAfter;
    private int attempt;

    RetryAfterBackoff(Duration initial, Duration max, Function<Throwable, Duration> retryAfter) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.retryAfter = retryAfter;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        int retry = attempt++;
        Duration asked = retryAfter.apply(cause);
        if (asked != null) {
            long millis = asked.toMillis();
            // never earlier than asked; a small random extra spreads out the callers told the same moment
            return millis + ThreadLocalRandom.current().nextLong(Math.max(1, millis / 10 + 1));
        }
        long exponential = Math.min(maxMillis, initialMillis << Math.min(retry, 20));
        long jitter = exponential / 4;
        return Math.max(0, exponential - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1));
    }
}
