package dev.dnevnik.upstream;

import java.time.Duration;
import java.util.Locale;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The ways a call to an OpenAI-compatible API (speech to text, chat completions) can fail, and how each is treated
 * by its guard: whether to retry it and whether it speaks against the API's health (the circuit breaker). Each kind's
 * {@link #outcome()} is the metric tag and what logs say.
 */
public enum OpenAiFailure {
    /** 400/413/415/422: the API will not take this request (a file it refuses, too long a prompt); retrying cannot help. */
    REJECTED,
    /** 401/403: our key is wrong or lacks rights; an operator must act. */
    CREDENTIALS,
    /** 429: rate limited. */
    RATE_LIMITED,
    /** 5xx, connection refused or dropped. */
    UNAVAILABLE,
    TIMEOUT,
    /** Our own bulkhead: too many calls in flight and queued. */
    BUSY,
    /** The circuit breaker is open: calls fail fast while the API recovers. */
    CIRCUIT_OPEN,
    /** A success without usable content (see {@link EmptyAnswer}). */
    EMPTY_ANSWER,
    /** Anything else: a 404 (wrong base URL or model), an answer we cannot read. */
    PROVIDER_ERROR;

    /** The kind as a metric tag: lowercase with underscores. */
    public String outcome() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The API answered successfully, but with nothing usable (no choices, blank content). */
    public static final class EmptyAnswer extends RuntimeException {
        public EmptyAnswer(String why) {
            super(why, null, false, false);
        }
    }

    public static OpenAiFailure of(Throwable failure) {
        if (failure instanceof OpenAiApiError http) {
            int status = http.status();
            if (status == 429) {
                return RATE_LIMITED;
            }
            if (status >= 500) {
                return UNAVAILABLE;
            }
            if (status == 401 || status == 403) {
                return CREDENTIALS;
            }
            if (status == 400 || status == 413 || status == 415 || status == 422) {
                return REJECTED;
            }
            return PROVIDER_ERROR;
        }
        if (failure instanceof EmptyAnswer) {
            return EMPTY_ANSWER;
        }
        if (failure instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof BulkheadException) {
            return BUSY;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return CIRCUIT_OPEN;
        }
        return ConnectionFailures.isConnectionFailure(failure) ? UNAVAILABLE : PROVIDER_ERROR;
    }

    /**
     * Retry connection failures, 5xx and 429 (the guard waits as long as a 429 asks, and does not retry one asking for
     * more than the policy allows); never other 4xx, timeouts (each already took the full timeout), empty answers, our
     * own bulkhead or an open circuit.
     */
    public static boolean isRetryable(Throwable failure) {
        OpenAiFailure kind = of(failure);
        return kind == RATE_LIMITED || kind == UNAVAILABLE;
    }

    /** How long the API asked us to wait before the next call (a 429's {@code retry-after}), or null. */
    public static Duration retryAfter(Throwable failure) {
        return failure instanceof OpenAiApiError http && http.status() == 429 ? http.retryAfter() : null;
    }

    /** Failures that say the API is unhealthy; a rejected request or our own full bulkhead do not. */
    public static boolean countsAgainstUpstream(Throwable failure) {
        OpenAiFailure kind = of(failure);
        return kind == UNAVAILABLE || kind == TIMEOUT || kind == RATE_LIMITED;
    }
}
