package dev.dnevnik.gateway.voice;

import java.net.URI;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.request.RequestId;
import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.gateway.client.Diary;
import dev.dnevnik.gateway.client.TranscriptRef;
import dev.dnevnik.gateway.client.Transcriptions;
import dev.dnevnik.gateway.client.VoiceEntryDraft;
import io.smallrye.mutiny.Uni;

/**
 * Recording → transcript → diary entry. The two steps live in two services, so there is no transaction around
 * them; instead each step is idempotent under a key derived from the client's (see
 * {@link VoiceEntryRequest#stepKey}). If the entry cannot be created after the transcription succeeded, the client
 * gets the error and retries with the same key: transcription-service replays the stored transcript (no second
 * provider call) and the entry is created once. Without a client key each step still gets a key of its own, so the
 * gateway's own retries of a step are safe.
 */
@ApplicationScoped
public class VoiceEntryService {

    static final String NO_SPEECH = "voice/no-speech";

    private final Transcriptions transcriptions;
    private final Diary diary;

    public VoiceEntryService(Transcriptions transcriptions, Diary diary) {
        this.transcriptions = transcriptions;
        this.diary = diary;
    }

    public Uni<Response> create(CurrentUser user, VoiceEntryRequest request) {
        String authorization = "Bearer " + user.rawToken();
        String requestId = (String) MDC.get(RequestId.MDC_KEY);
        String oneOff = UUID.randomUUID().toString();
        String transcriptionKey = request.idempotencyKey() != null ? request.stepKey("transcription")
                : "voice-entry-" + oneOff + "-transcription";
        String entryKey = request.idempotencyKey() != null ? request.stepKey("entry")
                : "voice-entry-" + oneOff + "-entry";
        return transcriptions.transcribe(authorization, transcriptionKey, requestId, () -> form(request))
                .flatMap(transcript -> diary.create(authorization, entryKey, requestId, request.timeZone(),
                        draft(request, transcript)))
                .map(created -> {
                    JsonNode entry = created.getEntity();
                    Response.ResponseBuilder response = Response.status(created.getStatus()).entity(entry)
                            .location(URI.create("/api/entries/" + entry.path("id").asText()));
                    String etag = created.getHeaderString(HttpHeaders.ETAG);
                    if (etag != null) {
                        response.header(HttpHeaders.ETAG, etag);
                    }
                    String replayed = created.getHeaderString(IdempotencyKey.REPLAYED_HEADER);
                    if (replayed != null) {
                        response.header(IdempotencyKey.REPLAYED_HEADER, replayed);
                    }
                    return response.build();
                });
    }

    private static ClientMultipartForm form(VoiceEntryRequest request) {
        ClientMultipartForm form = ClientMultipartForm.create().binaryFileUpload("file", request.fileName(),
                request.audio().toString(),
                request.contentType() == null ? "application/octet-stream" : request.contentType());
        if (request.language() != null) {
            form.attribute("language", request.language(), null);
        }
        return form;
    }

    private static VoiceEntryDraft draft(VoiceEntryRequest request, TranscriptRef transcript) {
        if (transcript.text() == null || transcript.text().isBlank()) {
            throw ProblemException.of(NO_SPEECH, "No speech recognised", 422,
                    "The recording was transcribed but holds no recognisable speech (transcript "
                            + transcript.id() + "); nothing was saved to the diary");
        }
        return new VoiceEntryDraft(request.title(), transcript.text().strip(), request.tags(), "voice",
                transcript.id(), request.language() != null ? request.language() : transcript.language(),
                request.entryDate());
    }
}
