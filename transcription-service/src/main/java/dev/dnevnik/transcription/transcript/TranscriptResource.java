package dev.dnevnik.transcription.transcript;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.paging.Page;
import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.idempotency.IdempotentResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/transcriptions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Transcriptions", description = "Speech to text for the user's recordings")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class TranscriptResource {

    private final TranscriptService transcripts;
    private final CurrentUser currentUser;

    public TranscriptResource(TranscriptService transcripts, CurrentUser currentUser) {
        this.transcripts = transcripts;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "createTranscription", summary = "Transcribe a recording",
            description = "Multipart upload: `file` (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm, recognised by "
                    + "its content; at most 25 MB), optional `language` (ISO 639-1) and `prompt` (up to 1000 characters "
                    + "of context, e.g. names). Returns the stored transcript. With an Idempotency-Key a retry returns "
                    + "the first result without asking the provider again.")
    @APIResponse(responseCode = "201", description = "Transcribed and stored; Location points at it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TranscriptView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", description = "Not audio in a supported format",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The provider rejected the audio (its reason in detail), or an "
            + "Idempotency-Key was reused for a different upload",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "502", description = "The provider refused our credentials or answered unexpectedly",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    @APIResponse(responseCode = "504", description = "The provider did not answer in time; see Retry-After",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<Response> create(
            @Parameter(description = "The recording") @RestForm("file") FileUpload file,
            @Parameter(description = "ISO 639-1 language of the speech, if known", example = "ru") @RestForm String language,
            @Parameter(description = "Context for the recogniser: names, terms") @RestForm String prompt,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UUID me = currentUser.id();
        TranscriptionOptions options = options(language, prompt);
        String key = IdempotencyKey.parse(idempotencyKey);
        return transcripts.transcribe(me, file, "file", options, key, locations(uri))
                .map(IdempotentResponse::toResponse);
    }

    @POST
    @Path("batch")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "createTranscriptionBatch", summary = "Transcribe up to 10 recordings at once",
            description = "Multipart upload of 1 to 10 files (any field names; `language` and `prompt` apply to all). "
                    + "All are transcribed concurrently; each gets its own result, so one bad file does not fail the "
                    + "others. With an Idempotency-Key, each file is idempotent on its own: a retry replays the files "
                    + "that succeeded and retries only those that failed.")
    @APIResponse(responseCode = "200", description = "One result per file, in upload order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    public Uni<BatchResult> batch(
            @Parameter(description = "The recordings") @RestForm(FileUpload.ALL) List<FileUpload> files,
            @RestForm String language, @RestForm String prompt,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UUID me = currentUser.id();
        TranscriptionOptions options = options(language, prompt);
        String key = IdempotencyKey.parse(idempotencyKey);
        return transcripts.transcribeBatch(me, files, options, key, locations(uri), uri.getRequestUri().getRawPath());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getTranscription", summary = "Get one transcript")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TranscriptView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<TranscriptView> get(@PathParam("id") UUID id) {
        return transcripts.get(currentUser.id(), id).map(TranscriptView::of);
    }

    @GET
    @Operation(operationId = "listTranscriptions", summary = "List transcripts",
            description = "Newest first, in keyset pages: follow `next` (also in the Link header) until it is absent.")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<TranscriptSummary>>> list(
            @Parameter(description = "Page size 1..100", example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page's nextCursor") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        UUID me = currentUser.id();
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, TranscriptQueries.CURSOR);
        errors.throwIfAny();
        return transcripts.list(me, page)
                .map(fetched -> Page.of(fetched, page, TranscriptQueries::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("stats")
    @Operation(operationId = "transcriptionStats", summary = "Recent transcription activity",
            description = "How many transcripts the user made in the last `days` days and the audio they held.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TranscriptStats.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<TranscriptStats> stats(
            @Parameter(description = "Days back from now, 1..366", example = "7") @QueryParam("days") String days) {
        UUID me = currentUser.id();
        FieldErrors errors = new FieldErrors();
        int period = errors.integer("days", days, 1, 366, 7);
        errors.throwIfAny();
        return transcripts.recent(me, period);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteTranscription", summary = "Delete a transcript")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return transcripts.delete(currentUser.id(), id).replaceWith(Response.noContent().build());
    }

    private static TranscriptionOptions options(String language, String prompt) {
        FieldErrors errors = new FieldErrors();
        TranscriptionOptions options = new TranscriptionOptions(errors.languageCode("language", language),
                errors.text("prompt", prompt, TranscriptionOptions.MAX_PROMPT));
        errors.throwIfAny();
        return options;
    }

    /** Where a stored transcript can be read, also when the request came to the batch path. */
    private static Function<UUID, URI> locations(UriInfo uri) {
        return id -> uri.getBaseUriBuilder().path("transcriptions").path(id.toString()).build();
    }
}
