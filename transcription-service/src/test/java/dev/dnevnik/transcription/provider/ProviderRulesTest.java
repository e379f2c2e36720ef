package dev.dnevnik.transcription.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.dnevnik.common.problem.ProblemException;

/** Classification, backoff and parsing rules behind the provider calls. */
class ProviderRulesTest {

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

    @Test
    void retriesConnectionFailures5xxAndPolite429sOnly() {
        assertTrue(ProviderFailures.isRetryable(http(500, null), LONGEST_WAIT));
        assertTrue(ProviderFailures.isRetryable(http(503, null), LONGEST_WAIT));
        assertTrue(ProviderFailures.isRetryable(new ProcessingException(new ConnectException("refused")), LONGEST_WAIT));
        assertTrue(ProviderFailures.isRetryable(http(429, Duration.ofSeconds(2)), LONGEST_WAIT));
        assertFalse(ProviderFailures.isRetryable(http(429, Duration.ofSeconds(60)), LONGEST_WAIT),
                "a long Retry-After goes back to the client instead");
        for (int status : new int[] { 400, 401, 403, 404, 413, 415, 422 }) {
            assertFalse(ProviderFailures.isRetryable(http(status, null), LONGEST_WAIT), "status " + status);
        }
        assertFalse(ProviderFailures.isRetryable(new TimeoutException(), LONGEST_WAIT));
        assertFalse(ProviderFailures.isRetryable(new BulkheadException(), LONGEST_WAIT));
        assertFalse(ProviderFailures.isRetryable(new CircuitBreakerOpenException(), LONGEST_WAIT));
    }

    @Test
    void countsOnlyProviderHealthAgainstTheCircuit() {
        assertTrue(ProviderFailures.countsAgainstProvider(http(502, null)));
        assertTrue(ProviderFailures.countsAgainstProvider(new TimeoutException()));
        assertTrue(ProviderFailures.countsAgainstProvider(http(429, null)));
        assertFalse(ProviderFailures.countsAgainstProvider(http(400, null)), "a user's bad file says nothing of the provider");
        assertFalse(ProviderFailures.countsAgainstProvider(new BulkheadException()), "our own limit is not the provider's fault");
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
    void backsOffExponentiallyWithJitterButWaitsExactlyAsAskedAfterA429() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofMillis(400), Duration.ofSeconds(2));
        long first = backoff.nextDelayInMillis(http(500, null));
        long second = backoff.nextDelayInMillis(http(500, null));
        long third = backoff.nextDelayInMillis(http(500, null));
        long fourth = backoff.nextDelayInMillis(http(500, null));
        assertTrue(first >= 300 && first <= 500, "400 ms ± 25 %: " + first);
        assertTrue(second >= 600 && second <= 1000, "800 ms ± 25 %: " + second);
        assertTrue(third >= 1200 && third <= 2000, "1600 ms ± 25 %: " + third);
        assertTrue(fourth >= 1500 && fourth <= 2500, "capped at 2 s ± 25 %: " + fourth);
        long polite = backoff.nextDelayInMillis(http(429, Duration.ofSeconds(3)));
        assertTrue(polite >= 3000 && polite <= 3301, "never earlier than retry-after: " + polite);
    }

    @Test
    void readsTheErrorShapeAndRetryAfterButNeverKeepsTheRawBody() {
        ProviderHttpException error = ProviderHttpException.from(Response.status(429)
                .header("retry-after", "7").header("x-ratelimit-remaining-requests", "0")
                .header("Content-Type", "application/json")
                .entity("{\"error\":{\"message\":\"Rate limit reached\\nfor model\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                .build());
        assertEquals(429, error.status());
        assertEquals("Rate limit reached for model", error.providerMessage());
        assertEquals("rate_limit_exceeded", error.errorCode());
        assertEquals(Duration.ofSeconds(7), error.retryAfter());
        assertEquals(Map.of("x-ratelimit-remaining-requests", "0"), error.rateLimitHeaders());

        ProviderHttpException html = ProviderHttpException.from(Response.status(502).entity("<html>oops</html>").build());
        assertNull(html.providerMessage());
    }

    @Test
    void parsesRetryAfterAsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofMillis(1500), ProviderHttpException.parseRetryAfter("1.5"));
        Duration untilDate = ProviderHttpException.parseRetryAfter(
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(120)));
        assertTrue(untilDate.toSeconds() >= 115 && untilDate.toSeconds() <= 120, untilDate.toString());
        assertNull(ProviderHttpException.parseRetryAfter("soon"));
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

    private static ProviderHttpException http(int status, Duration retryAfter) {
        return new ProviderHttpException(status, "message", "type", null, retryAfter, Map.of());
    }
}
