package dev.dnevnik.transcription.provider;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Delays between retries: exponential with ±25 % jitter (so many clients failing together do not retry in
 * lockstep), except after a 429 that says how long to wait: then exactly that long, plus a little.
 * One instance per retried call.
 */
final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    RetryAfterBackoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        int retry = attempt++;
        if (cause instanceof ProviderHttpException http && http.status() == 429 && http.retryAfter() != null) {
            long asked = http.retryAfter().toMillis();
            // never earlier than asked; a small random extra spreads out the clients told the same moment
            return asked + ThreadLocalRandom.current().nextLong(Math.max(1, asked / 10 + 1));
        }
        long exponential = Math.min(maxMillis, initialMillis << Math.min(retry, 20));
        long jitter = exponential / 4;
        return Math.max(0, exponential - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1));
    }
}
