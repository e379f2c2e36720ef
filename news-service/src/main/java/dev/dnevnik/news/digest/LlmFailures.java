package dev.dnevnik.news.digest;

import java.time.Duration;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.dnevnik.upstream.OpenAiApiError;
import dev.dnevnik.upstream.ConnectionFailures;

/**
 * How each way a chat-completions call can fail is treated: whether to retry it and whether it speaks against the
 * API's health (the circuit breaker). Whatever the failure, the digest is then written extractively; the kind is the
 * metric outcome and what the log says.
 */
final class LlmFailures {

    enum Kind {
        /** 400/413/422: the API will not take this request (too long a prompt, say); retrying cannot help. */
        REJECTED("rejected"),
        /** 401/403: our key is wrong or lacks rights; an operator must act. */
        CREDENTIALS("credentials"),
        /** 429: rate limited. */
        RATE_LIMITED("rate_limited"),
        /** 5xx, connection refused or dropped. */
        UNAVAILABLE("unavailable"),
        TIMEOUT("timeout"),
        /** Our own bulkhead: too many calls in flight and queued. */
        BUSY("busy"),
        /** The circuit breaker is open: calls fail fast while the API recovers. */
        CIRCUIT_OPEN("circuit_open"),
        /** A success without usable text: no choices, an empty or blank content. */
        EMPTY_ANSWER("empty_answer"),
        /** Anything else: a 404 (wrong base URL or model), an answer we cannot read. */
        PROVIDER_ERROR("provider_error");

        private final String outcome;

        Kind(String outcome) {
            this.outcome = outcome;
        }

        String outcome() {
            return outcome;
        }
    }

    /** The API answered, but with nothing a digest can be made of. */
    static final class EmptyAnswer extends RuntimeException {
        EmptyAnswer(String why) {
            super(why, null, false, false);
        }
    }

    private LlmFailures() {
    }

    static Kind kindOf(Throwable failure) {
        if (failure instanceof OpenAiApiError http) {
            int status = http.status();
            if (status == 429) {
                return Kind.RATE_LIMITED;
            }
            if (status >= 500) {
                return Kind.UNAVAILABLE;
            }
            if (status == 401 || status == 403) {
                return Kind.CREDENTIALS;
            }
            if (status == 400 || status == 413 || status == 422) {
                return Kind.REJECTED;
            }
            return Kind.PROVIDER_ERROR;
        }
        if (failure instanceof EmptyAnswer) {
            return Kind.EMPTY_ANSWER;
        }
        if (failure instanceof TimeoutException) {
            return Kind.TIMEOUT;
        }
        if (failure instanceof BulkheadException) {
            return Kind.BUSY;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return Kind.CIRCUIT_OPEN;
        }
        return ConnectionFailures.isConnectionFailure(failure) ? Kind.UNAVAILABLE : Kind.PROVIDER_ERROR;
    }

    /**
     * Retry connection failures, 5xx and 429 (the guard waits as long as a 429 asks, and does not retry one asking for
     * more than the policy allows); never other 4xx, timeouts (each already took the full timeout), empty answers, our
     * own bulkhead or an open circuit.
     */
    static boolean isRetryable(Throwable failure) {
        Kind kind = kindOf(failure);
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
    }

    /** How long the API asked us to wait before the next call (a 429's {@code retry-after}), or null. */
    static Duration retryAfter(Throwable failure) {
        return failure instanceof OpenAiApiError http && http.status() == 429 ? http.retryAfter() : null;
    }

    /** Failures that say the API is unhealthy; a rejected request or our own full bulkhead do not. */
    static boolean countsAgainstUpstream(Throwable failure) {
        Kind kind = kindOf(failure);
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.RATE_LIMITED;
    }
}
