package dev.dnevnik.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * The gateway's own calls to diary-service (voice entries, the dashboard), under the service's guard. Creating the
 * entry may be retried because it always carries an Idempotency-Key. Failures come out as what the client is told.
 */
@ApplicationScoped
public class Diary {

    private final ServiceClient<DiaryApi> diary;

    public Diary(Downstreams downstreams) {
        this.diary = ServiceClient.of(downstreams, DiaryApi.SERVICE, DiaryApi.class);
    }

    public Uni<RestResponse<JsonNode>> create(String authorization, String idempotencyKey, String requestId,
            String timeZone, VoiceEntryDraft entry) {
        return diary.call(api -> api.create(authorization, idempotencyKey, requestId, timeZone, entry));
    }

    public Uni<JsonNode> stats(String authorization, String requestId, String timeZone, String from, String to) {
        return diary.call(api -> api.stats(authorization, requestId, timeZone, from, to));
    }
}
