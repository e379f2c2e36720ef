package dev.dnevnik.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's own calls to transcription-service, with their protections. Retrying the upload is safe because
 * every call carries an Idempotency-Key: a replay is answered from the stored transcript, without calling the
 * speech provider again. Timeouts are long because the service itself waits for the provider (60 s, with retries).
 */
@ApplicationScoped
public class Transcriptions {

    private final TranscriptionApi api;

    public Transcriptions(@RestClient TranscriptionApi api) {
        this.api = api;
    }

    @Timeout(value = 150, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = { ServiceProblem.ServiceFailure.class,
            ProcessingException.class })
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = CallProtection.CIRCUIT_WINDOW,
            failureRatio = CallProtection.CIRCUIT_FAILURE_RATIO, delay = CallProtection.CIRCUIT_DELAY_MILLIS, failOn = {
            ServiceProblem.ServiceFailure.class, ProcessingException.class, TimeoutException.class })
    public Uni<TranscriptRef> transcribe(String authorization, String idempotencyKey, String requestId,
            FormSupplier form) {
        // a fresh form per attempt: the file is read again from disk
        return api.transcribe(authorization, idempotencyKey, requestId, form.get());
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = CallProtection.CIRCUIT_WINDOW,
            failureRatio = CallProtection.CIRCUIT_FAILURE_RATIO, delay = CallProtection.CIRCUIT_DELAY_MILLIS, failOn = {
            ServiceProblem.ServiceFailure.class, ProcessingException.class, TimeoutException.class })
    public Uni<JsonNode> stats(String authorization, String requestId, int days) {
        return api.stats(authorization, requestId, days);
    }

    /** Builds the upload form; called once per attempt. */
    @FunctionalInterface
    public interface FormSupplier {
        ClientMultipartForm get();
    }
}
