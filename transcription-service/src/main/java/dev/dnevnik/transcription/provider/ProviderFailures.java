package dev.dnevnik.transcription.provider;

import java.time.Duration;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.dnevnik.upstream.OpenAiApiError;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.upstream.ConnectionFailures;
import dev.dnevnik.upstream.RetryAfter;

/**
 * How each way a provider call can fail is treated: whether to retry it, whether it speaks against the provider's
 * health (the circuit breaker), whether the secondary provider should take over, and what the client is told.
 */
public final class ProviderFailures {

    /** The kinds of failure, each with its metric outcome. */
    public enum Kind {
        /** 400/413/415/422: the provider will not take this audio; retrying cannot help. */
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
        /** The circuit breaker is open: calls fail fast while the provider recovers. */
        CIRCUIT_OPEN("circuit_open"),
        /** Anything else: a 404 (wrong base URL or model), an answer we cannot read. */
        PROVIDER_ERROR("provider_error");

        private final String outcome;

        Kind(String outcome) {
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }
    }

    private ProviderFailures() {
    }

    public static Kind kindOf(Throwable failure) {
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
            if (status == 400 || status == 413 || status == 415 || status == 422) {
                return Kind.REJECTED;
            }
            return Kind.PROVIDER_ERROR;
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
     * more than the policy allows); never other 4xx, timeouts (each already took the full timeout), our own bulkhead
     * or an open circuit.
     */
    static boolean isRetryable(Throwable failure) {
        Kind kind = kindOf(failure);
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
    }

    /** How long a provider asked us to wait before the next call (a 429's {@code retry-after}), or null. */
    static Duration retryAfter(Throwable failure) {
        return failure instanceof OpenAiApiError http && http.status() == 429 ? http.retryAfter() : null;
    }

    /** Failures that say the provider is unhealthy; a rejected file or our own full bulkhead do not. */
    static boolean countsAgainstProvider(Throwable failure) {
        Kind kind = kindOf(failure);
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.RATE_LIMITED;
    }

    /** When the primary cannot serve for a reason another provider may not share. */
    static boolean warrantsFailover(Throwable failure) {
        return switch (kindOf(failure)) {
            case UNAVAILABLE, TIMEOUT, RATE_LIMITED, BUSY, CIRCUIT_OPEN -> true;
            default -> false;
        };
    }

    /** What the client is told. Provider texts are passed on cleaned and shortened, never as raw bodies. */
    static ProblemException toProblem(Throwable failure, Duration circuitOpenFor, Duration busyRetryAfter) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        Kind kind = kindOf(failure);
        return switch (kind) {
            case REJECTED -> ProblemException.of("transcription/audio-rejected", "Audio rejected by the provider", 422,
                    "The speech-to-text provider rejected the audio"
                            + detailOf(failure, ": "));
            case CREDENTIALS -> ProblemException.of("transcription/provider-credentials",
                    "Speech-to-text provider refused our credentials", 502,
                    "The speech-to-text provider refused the configured API key; an operator must check "
                            + "STT_PRIMARY_API_KEY / STT_SECONDARY_API_KEY");
            case RATE_LIMITED -> unavailable("The speech-to-text provider is rate limiting us; retry later",
                    orDefault(((OpenAiApiError) failure).retryAfter(), busyRetryAfter));
            case UNAVAILABLE -> unavailable("The speech-to-text provider is unavailable; retry later", busyRetryAfter);
            case CIRCUIT_OPEN -> unavailable("The speech-to-text provider failed repeatedly; calls are paused while "
                    + "it recovers", circuitOpenFor);
            case BUSY -> unavailable("Too many transcriptions are in progress; retry shortly", busyRetryAfter);
            case TIMEOUT -> new ProblemException(ProblemType.GATEWAY_TIMEOUT,
                    "The speech-to-text provider did not answer in time; retry later")
                    .withHeader("Retry-After", RetryAfter.header(busyRetryAfter));
            case PROVIDER_ERROR -> ProblemException.of("transcription/provider-error",
                    "Unexpected speech-to-text provider answer", 502,
                    "The speech-to-text provider answered unexpectedly" + detailOf(failure, ": "));
        };
    }

    private static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail)
                .withHeader("Retry-After", RetryAfter.header(retryAfter));
    }

    private static String detailOf(Throwable failure, String separator) {
        if (failure instanceof OpenAiApiError http && http.apiMessage() != null) {
            return separator + http.apiMessage();
        }
        return "";
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
