package dev.dnevnik.transcription.provider;

import java.time.Duration;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.upstream.OpenAiApiError;
import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.upstream.RetryAfter;

/**
 * What a provider's failure (classified by {@link OpenAiFailure}, which also decides retries and the circuit) means for
 * transcriptions: whether the secondary provider should take over, and what the client is told.
 */
public final class ProviderFailures {

    private ProviderFailures() {
    }

    /** When the primary cannot serve for a reason another provider may not share. */
    static boolean warrantsFailover(Throwable failure) {
        return switch (OpenAiFailure.of(failure)) {
            case UNAVAILABLE, TIMEOUT, RATE_LIMITED, BUSY, CIRCUIT_OPEN -> true;
            default -> false;
        };
    }

    /** What the client is told. Provider texts are passed on cleaned and shortened, never as raw bodies. */
    static ProblemException toProblem(Throwable failure, Duration circuitOpenFor, Duration busyRetryAfter) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        return switch (OpenAiFailure.of(failure)) {
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
            case PROVIDER_ERROR, EMPTY_ANSWER -> ProblemException.of("transcription/provider-error",
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
