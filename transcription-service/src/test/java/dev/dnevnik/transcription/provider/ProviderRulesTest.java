package dev.dnevnik.transcription.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.upstream.OpenAiApiError;
import dev.dnevnik.common.problem.ProblemException;

/** Classification, backoff and parsing rules behind the provider calls. */
class ProviderRulesTest {

    @Test
    void retriesConnectionFailures5xxAnd429sOnly() {
        assertTrue(OpenAiFailure.isRetryable(http(500, null)));
        assertTrue(OpenAiFailure.isRetryable(http(503, null)));
        assertTrue(OpenAiFailure.isRetryable(new ProcessingException(new ConnectException("refused"))));
        assertTrue(OpenAiFailure.isRetryable(http(429, Duration.ofSeconds(2))));
        for (int status : new int[] { 400, 401, 403, 404, 413, 415, 422 }) {
            assertFalse(OpenAiFailure.isRetryable(http(status, null)), "status " + status);
        }
        assertFalse(OpenAiFailure.isRetryable(new TimeoutException()));
        assertFalse(OpenAiFailure.isRetryable(new BulkheadException()));
        assertFalse(OpenAiFailure.isRetryable(new CircuitBreakerOpenException()));
    }

    @Test
    void aRateLimitSaysHowLongToWait() {
        assertEquals(Duration.ofSeconds(60), OpenAiFailure.retryAfter(http(429, Duration.ofSeconds(60))));
        assertNull(OpenAiFailure.retryAfter(http(503, Duration.ofSeconds(60))), "only a 429's wait is honoured");
        assertNull(OpenAiFailure.retryAfter(new TimeoutException()));
    }

    @Test
    void countsOnlyProviderHealthAgainstTheCircuit() {
        assertTrue(OpenAiFailure.countsAgainstUpstream(http(502, null)));
        assertTrue(OpenAiFailure.countsAgainstUpstream(new TimeoutException()));
        assertTrue(OpenAiFailure.countsAgainstUpstream(http(429, null)));
        assertFalse(OpenAiFailure.countsAgainstUpstream(http(400, null)), "a user's bad file says nothing of the provider");
        assertFalse(OpenAiFailure.countsAgainstUpstream(new BulkheadException()), "our own limit is not the provider's fault");
    }

    @Test
    void failsOverForUnavailabilityButNotForRejectedAudioOrCredentials() {
        assertTrue(ProviderFailures.warrantsFailover(new CircuitBreakerOpenException()));
        assertTrue(ProviderFailures.warrantsFailover(http(500, null)));
        assertTrue(ProviderFailures.warrantsFailover(new BulkheadException()));
        assertFalse(ProviderFailures.warrantsFailover(http(422, null)));
        assertFalse(ProviderFailures.warrantsFailover(http(401, null)));
    }

    @Test
    void turnsFailuresIntoProblemsWithRetryAfter() {
        ProblemException limited = ProviderFailures.toProblem(http(429, Duration.ofMillis(12_500)), Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        assertEquals(503, limited.status());
        assertEquals("13", limited.headers().get("Retry-After"));
        ProblemException open = ProviderFailures.toProblem(new CircuitBreakerOpenException(), Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        assertEquals("30", open.headers().get("Retry-After"));
        assertEquals(504, ProviderFailures.toProblem(new TimeoutException(), Duration.ZERO, Duration.ofSeconds(5)).status());
        assertEquals(502, ProviderFailures.toProblem(http(404, null), Duration.ZERO, Duration.ofSeconds(5)).status());
    }

    @Test
    void readsTheErrorShapeAndRetryAfterButNeverKeepsTheRawBody() {
        OpenAiApiError error = OpenAiApiError.from(Response.status(429)
                .header("retry-after", "7").header("x-ratelimit-remaining-requests", "0")
                .header("Content-Type", "application/json")
                .entity("{\"error\":{\"message\":\"Rate limit reached\\nfor model\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                .build(), "provider");
        assertEquals(429, error.status());
        assertEquals("Rate limit reached for model", error.apiMessage());
        assertEquals("provider answered 429 (rate_limit_exceeded)", error.getMessage());
        assertEquals(Duration.ofSeconds(7), error.retryAfter());
        assertEquals(Map.of("x-ratelimit-remaining-requests", "0"), error.rateLimitHeaders());

        OpenAiApiError html = OpenAiApiError.from(Response.status(502).entity("<html>oops</html>").build(), "provider");
        assertNull(html.apiMessage());
    }

    @Test
    void readsRateLimitValuesIncludingGoStyleDurations() {
        assertEquals(14399.0, RateLimitHeaders.parse("14399"));
        assertEquals(179.56, RateLimitHeaders.parse("2m59.56s"), 1e-9);
        assertEquals(0.25, RateLimitHeaders.parse("250ms"), 1e-9);
        assertEquals(3723.5, RateLimitHeaders.parse("1h2m3.5s"), 1e-9);
        assertNull(RateLimitHeaders.parse("unlimited"));
    }

    @Test
    void namesProvidersAfterTheirHost() {
        assertEquals("groq", SpeechToTextProviders.nameOf("https://api.groq.com/openai/v1"));
        assertEquals("openai", SpeechToTextProviders.nameOf("https://api.openai.com/v1"));
        assertEquals("localhost", SpeechToTextProviders.nameOf("http://localhost:8091/v1"));
        assertEquals("127.0.0.1", SpeechToTextProviders.nameOf("http://127.0.0.1:8091/v1"));
    }

    private static OpenAiApiError http(int status, Duration retryAfter) {
        return new OpenAiApiError("provider", status, "message", null, retryAfter, Map.of());
    }
}
