package dev.dnevnik.transcription.transcript;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.common.idempotency.IdempotencyKey;
import dev.dnevnik.common.idempotency.IdempotencyService;
import dev.dnevnik.common.idempotency.IdempotentRequest;
import dev.dnevnik.common.paging.PageLinks;
import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemResponses;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.transcription.audio.AudioInspector;
import dev.dnevnik.transcription.provider.ProviderMetrics;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/transcriptions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Transcriptions", description = "Speech to text for the user's recordings")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class TranscriptResource {

    private static final Logger LOG = Logger.getLogger(TranscriptResource.class);
    static final int MAX_BATCH_FILES = 10;
    static final int MAX_PROMPT = 1000;

    private final TranscriptService transcripts;
    private final AudioInspector inspector;
    private final CurrentUser currentUser;
    private final IdempotencyService idempotency;
    private final ProviderMetrics metrics;
    private final ObjectMapper json;

    public TranscriptResource(TranscriptService transcripts, AudioInspector inspector, CurrentUser currentUser,
            IdempotencyService idempotency, ProviderMetrics metrics, ObjectMapper json) {
        this.transcripts = transcripts;
        this.inspector = inspector;
        this.currentUser = currentUser;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.json = json;
    }

    /** What makes two uploads "the same request" for Idempotency-Key purposes. */
    record UploadFingerprint(String sha256, String language, String prompt) {
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
        Options options = options(language, prompt);
        String key = IdempotencyKey.parse(idempotencyKey);
        return transcribe(me, file, "file", options, "POST /transcriptions", key, uri);
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
        Options options = options(language, prompt);
        String key = IdempotencyKey.parse(idempotencyKey);
        if (files == null || files.isEmpty()) {
            throw ProblemException.validation("files", "at least one audio file is required");
        }
        if (files.size() > MAX_BATCH_FILES) {
            throw ProblemException.validation("files", "at most " + MAX_BATCH_FILES + " files per batch, got " + files.size());
        }
        List<Uni<BatchResult.Item>> items = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            FileUpload file = files.get(i);
            // each file its own key: a retried batch redoes only the files that failed
            String fileKey = key == null ? null : key + "#" + index;
            items.add(OwnContext.run(() -> transcribe(me, file, "files[" + index + "]", options,
                    "POST /transcriptions/batch", fileKey, uri))
                    .map(response -> item(index, file, response))
                    .onFailure().recoverWithItem(failure -> failedItem(index, file, failure, uri)));
        }
        return Uni.join().all(items).andFailFast().map(BatchResult::new);
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
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TranscriptPage.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<Response> list(@Parameter(description = "Page size 1..100", example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page's nextCursor") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        UUID me = currentUser.id();
        FieldErrors errors = new FieldErrors();
        int pageSize = errors.integer("limit", limit, 1, 100, 20);
        TranscriptCursor after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = TranscriptCursor.decode(cursor.strip());
            } catch (IllegalArgumentException e) {
                errors.add("cursor", "is not a cursor from a previous page");
            }
        }
        errors.throwIfAny();
        return transcripts.list(me, after, pageSize).map(page -> {
            String nextCursor = page.next() == null ? null : page.next().encode();
            String nextLink = PageLinks.next(uri, nextCursor);
            return PageLinks.ok(new TranscriptPage(page.items(), nextCursor, nextLink), nextLink);
        });
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

    private record Options(String language, String prompt) {
    }

    private static Options options(String language, String prompt) {
        FieldErrors errors = new FieldErrors();
        String lang = language == null || language.isBlank() ? null : language.strip().toLowerCase(java.util.Locale.ROOT);
        if (lang != null && !lang.matches("[a-z]{2}")) {
            errors.add("language", "must be an ISO 639-1 code such as ru, uk or en");
        }
        String context = prompt == null || prompt.isBlank() ? null : prompt.strip();
        if (context != null && context.length() > MAX_PROMPT) {
            errors.add("prompt", "must be at most " + MAX_PROMPT + " characters");
        }
        errors.throwIfAny();
        return new Options(lang, context);
    }

    /** Inspect, then (at most once per key) ask a provider outside any transaction, then store. */
    private Uni<Response> transcribe(UUID me, FileUpload file, String field, Options options, String operation,
            String key, UriInfo uri) {
        return inspector.inspect(file, field)
                .onFailure().invoke(invalid -> metrics.transcription("invalid_input", "none"))
                .flatMap(audio -> (key == null ? Uni.createFrom().<String>nullItem() : inspector.sha256(audio))
                        .flatMap(sha256 -> idempotency.execute(
                                new IdempotentRequest(me.toString(), operation, key,
                                        new UploadFingerprint(sha256, options.language(), options.prompt())),
                                () -> transcripts.recognise(audio, options.language(), options.prompt()),
                                result -> transcripts.store(me, audio, options.language(), result)
                                        .map(stored -> Response.created(location(uri, stored.getId()))
                                                .entity(TranscriptView.of(stored)).build()))));
    }

    private BatchResult.Item item(int index, FileUpload file, Response response) {
        Object entity = response.getEntity();
        String transcript;
        try {
            transcript = entity instanceof String replayed ? replayed : json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a transcript", e);
        }
        return new BatchResult.Item(index, file.fileName(), response.getStatus(), transcript, null);
    }

    private BatchResult.Item failedItem(int index, FileUpload file, Throwable failure, UriInfo uri) {
        ProblemException problem = failure instanceof ProblemException known ? known
                : new ProblemException(ProblemType.INTERNAL,
                        "Something went wrong on our side with this file; quote the request id when reporting it");
        if (!(failure instanceof ProblemException)) {
            LOG.errorf(failure, "Unexpected failure transcribing batch file %d", index);
        }
        return new BatchResult.Item(index, file == null ? null : file.fileName(), problem.status(), null,
                ProblemResponses.problemOf(problem, uri.getRequestUri().getRawPath()));
    }

    private static URI location(UriInfo uri, UUID id) {
        return uri.getBaseUriBuilder().path("transcriptions").path(id.toString()).build();
    }
}
