package dev.dnevnik.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's own calls to diary-service, with their protections. Creating the entry is retried only because it
 * always carries an Idempotency-Key (derived from the client's, or made up for this one request).
 */
@ApplicationScoped
public class Diary {

    private final DiaryApi api;

    public Diary(@RestClient DiaryApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = { ServiceProblem.ServiceFailure.class,
            ProcessingException.class, TimeoutException.class })
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = CallProtection.CIRCUIT_WINDOW,
            failureRatio = CallProtection.CIRCUIT_FAILURE_RATIO, delay = CallProtection.CIRCUIT_DELAY_MILLIS, failOn = {
            ServiceProblem.ServiceFailure.class, ProcessingException.class, TimeoutException.class })
    public Uni<RestResponse<JsonNode>> create(String authorization, String idempotencyKey, String requestId,
            String timeZone, VoiceEntryDraft entry) {
        return api.create(authorization, idempotencyKey, requestId, timeZone, entry);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = CallProtection.CIRCUIT_WINDOW,
            failureRatio = CallProtection.CIRCUIT_FAILURE_RATIO, delay = CallProtection.CIRCUIT_DELAY_MILLIS, failOn = {
            ServiceProblem.ServiceFailure.class, ProcessingException.class, TimeoutException.class })
    public Uni<JsonNode> stats(String authorization, String requestId, String timeZone, String from, String to) {
        return api.stats(authorization, requestId, timeZone, from, to);
    }
}
