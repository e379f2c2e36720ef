package dev.dnevnik.news.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to fetch a feed next.
 * <ul>
 * <li>After a success (or a 304): the feed's own {@code <ttl>} and the server's freshness ({@code Cache-Control:
 * max-age}, else {@code Expires}) are both "do not come back before"; the longer of them counts, and a
 * {@code Retry-After} is a further lower bound. Nothing said: {@code default-interval}. Always within
 * [{@code min-interval}, {@code max-interval}].</li>
 * <li>After a failure: exponential backoff from {@code min-interval}, doubling per consecutive error up to
 * {@code max-backoff}, with ±25 % jitter so that feeds failing together (a host down) do not come back together;
 * never below {@code min-interval} nor above {@code max-backoff}. A longer {@code Retry-After} is honoured, capped at
 * {@code max-backoff}. A failing feed always stays scheduled.</li>
 * </ul>
 * Thread-safe if the random source is (pass {@code java.util.Random}, or a generator per thread).
 */
public class RefreshSchedule {

    private static final double JITTER = 0.25;

    private final Duration minInterval;
    private final Duration maxInterval;
    private final Duration defaultInterval;
    private final Duration maxBackoff;
    private final RandomGenerator random;

    public RefreshSchedule(FeedsConfig config, RandomGenerator random) {
        this.minInterval = config.minInterval();
        this.maxInterval = max(config.maxInterval(), minInterval);
        this.defaultInterval = config.defaultInterval();
        this.maxBackoff = max(config.maxBackoff(), minInterval);
        this.random = random;
    }

    /**
     * @param feedTtl the feed's {@link ParsedFeed#ttl()}, or null
     * @param hints   the fetch's result (its max-age, expires and retry-after), or null
     */
    public Instant nextAfterSuccess(Instant now, Duration feedTtl, FetchResult hints) {
        Duration http = null;
        Duration retryAfter = null;
        if (hints != null) {
            http = hints.maxAge() != null ? hints.maxAge() : hints.expiresIn();
            retryAfter = hints.retryAfter();
        }
        Duration wanted = longest(feedTtl, http);
        if (wanted == null) {
            wanted = defaultInterval;
        }
        wanted = longest(wanted, retryAfter);
        return now.plus(clamp(wanted, minInterval, maxInterval));
    }

    /**
     * @param consecutiveErrors the failures in a row, this one included (1 after the first)
     * @param retryAfter        what the server asked for with this failure, or null
     */
    public Instant nextAfterFailure(Instant now, int consecutiveErrors, Duration retryAfter) {
        int doublings = Math.min(Math.max(consecutiveErrors, 1) - 1, 40);
        double base = Math.min((double) minInterval.toMillis() * Math.pow(2, doublings), maxBackoff.toMillis());
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        Duration delay = clamp(Duration.ofMillis(Math.round(base * factor)), minInterval, maxBackoff);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        return now.plus(delay);
    }

    private static Duration longest(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
