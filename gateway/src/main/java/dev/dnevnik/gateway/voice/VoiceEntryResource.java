package dev.dnevnik.gateway.voice;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/voice-entries")
@Authenticated
@Tag(name = "Voice entries", description = "The app's core flow: a recording becomes a diary entry")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class VoiceEntryResource {

    private final VoiceEntryService voiceEntries;
    private final CurrentUser currentUser;

    public VoiceEntryResource(VoiceEntryService voiceEntries, CurrentUser currentUser) {
        this.voiceEntries = voiceEntries;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createVoiceEntry", summary = "Create a diary entry from a recording",
            description = "Transcribes the audio (flac, mp3, mp4, m4a, ogg, wav, webm; up to 25 MB) and stores the "
                    + "text as a voice entry pointing at its transcript. With an Idempotency-Key a retry after any "
                    + "failure neither transcribes twice nor creates a second entry.")
    @APIResponse(responseCode = "201", description = "The new entry (as GET /api/entries/{id} shows it)")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Uni<Response> create(
            @Parameter(description = "The recording") @RestForm("file") FileUpload file,
            @Parameter(description = "Optional headline, up to 200 characters") @RestForm("title") String title,
            @Parameter(description = "Tags, repeated or comma-separated") @RestForm("tags") List<String> tags,
            @Parameter(description = "The day the entry is about (YYYY-MM-DD); defaults to today")
            @RestForm("entryDate") String entryDate,
            @Parameter(description = "Same as entryDate") @RestForm("entry_date") String entryDateSnakeCase,
            @Parameter(description = "ISO 639-1 language of the speech; detected when absent")
            @RestForm("language") String language,
            @Parameter(description = "Makes the request safe to retry") @HeaderParam(IdempotencyKey.HEADER) String key,
            @Parameter(description = "IANA time zone deciding what today is") @HeaderParam("Time-Zone") String timeZone) {
        FieldErrors errors = new FieldErrors();
        if (file == null || file.uploadedFile() == null) {
            errors.add("file", "is required: the recording, as a multipart file");
        }
        errors.throwIfAny();
        VoiceEntryRequest request = VoiceEntryRequest.of(file, title, tags,
                entryDate != null ? entryDate : entryDateSnakeCase, language, IdempotencyKey.parse(key), timeZone);
        return voiceEntries.create(currentUser, request);
    }
}
