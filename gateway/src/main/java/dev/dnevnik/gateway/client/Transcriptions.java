package dev.dnevnik.gateway.client;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * The gateway's own calls to transcription-service (voice entries, the dashboard), under the service's guard.
 * Retrying the upload is safe because every call carries an Idempotency-Key: a replay is answered from the stored
 * transcript, without calling the speech provider again. Failures come out as what the client is told.
 */
@ApplicationScoped
public class Transcriptions {

    private final ServiceClient<TranscriptionApi> transcriptions;

    public Transcriptions(Downstreams downstreams) {
        this.transcriptions = ServiceClient.of(downstreams, TranscriptionApi.SERVICE, TranscriptionApi.class);
    }

    /** @param form builds the upload; called once per attempt, so a retry reads the file again */
    public Uni<TranscriptRef> transcribe(String authorization, String idempotencyKey, String requestId,
            Supplier<ClientMultipartForm> form) {
        return transcriptions.call(api -> api.transcribe(authorization, idempotencyKey, requestId, form.get()));
    }

    public Uni<JsonNode> stats(String authorization, String requestId, int days) {
        return transcriptions.call(api -> api.stats(authorization, requestId, days));
    }
}
