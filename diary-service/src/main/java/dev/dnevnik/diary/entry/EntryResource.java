package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.jboss.resteasy.reactive.RestResponse;

import dev.dnevnik.common.paging.Page;
import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.idempotency.IdempotentResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/entries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Entries", description = "The user's diary entries")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class EntryResource {

    /** The client's IANA time zone, deciding what "today" is (GitHub's API uses the same header). */
    static final String TIME_ZONE = "Time-Zone";

    private final EntryService entries;
    private final CurrentUser currentUser;

    public EntryResource(EntryService entries, CurrentUser currentUser) {
        this.entries = entries;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createEntry", summary = "Create an entry",
            description = "Creates a text entry, or a voice entry pointing at its transcript. With an Idempotency-Key, "
                    + "a retried request returns the first response (header Idempotent-Replayed: true) and creates "
                    + "nothing; a retry while the first is still running gets 409; the same key with a different "
                    + "body gets 422.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "text entry",
            value = """
                    {"title":"Первый день весны","body":"Сегодня гуляли в парке, потом читали до ночи.",
                     "mood":"good","tags":["walks","family"],"language":"ru","entryDate":"2026-03-01"}""")))
    @APIResponse(responseCode = "201", description = "Created; Location and ETag headers point at the entry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    public Uni<Response> create(@Valid @NotNull NewEntry entry,
            @Parameter(description = "Makes the request safe to retry; 1-255 printable characters")
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Parameter(description = "IANA time zone deciding the default entryDate, e.g. Europe/Kyiv; default UTC")
            @HeaderParam(TIME_ZONE) String timeZone,
            @Context UriInfo uri) {
        UUID me = currentUser.id();
        FieldErrors errors = new FieldErrors();
        ZoneId zone = errors.zone(TIME_ZONE, timeZone, ZoneOffset.UTC);
        errors.throwIfAny();
        String key = IdempotencyKey.parse(idempotencyKey);
        return entries.create(me, entry, zone, key, id -> uri.getAbsolutePathBuilder().path(id.toString()).build())
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getEntry", summary = "Get one entry", description = "The ETag header carries the version to send in If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EntryView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> get(@PathParam("id") UUID id) {
        UUID me = currentUser.id();
        return entries.get(me, id).map(EntryResource::withVersion);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceEntry", summary = "Replace an entry's content",
            description = "Optimistic locking: send If-Match with the ETag you read (or a version field). A stale "
                    + "version gets 412 and changes nothing; neither gets 428. Omitted optional fields are cleared, "
                    + "except entryDate.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EntryView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Uni<Response> update(@PathParam("id") UUID id,
            @Parameter(in = ParameterIn.HEADER, description = "The ETag of the version you are replacing, e.g. \"3\"")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull EntryChanges changes) {
        UUID me = currentUser.id();
        Long expected = Versions.fromIfMatch(ifMatch);
        if (expected == null) {
            expected = changes.version();
        }
        if (expected == null) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the entry's ETag (or a version field) so that concurrent edits are not lost");
        }
        return entries.update(me, id, expected == Versions.ANY ? null : expected, changes)
                .map(EntryResource::withVersion);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteEntry", summary = "Delete an entry", description = "With If-Match, only deletes that version (412 otherwise).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID me = currentUser.id();
        Long expected = Versions.fromIfMatch(ifMatch);
        return entries.delete(me, id, expected == null || expected == Versions.ANY ? null : expected)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Operation(operationId = "listEntries", summary = "List entries",
            description = "Newest entry date first, in keyset pages: follow `next` (also in the Link header) until it "
                    + "is absent. Filters combine. `q` is full-text search over title and body that matches Russian, "
                    + "Ukrainian and English words by their stem; it accepts web-search syntax: "
                    + "words, \"a phrase\", or, -excluded.")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<EntryView>>> list(
            @Parameter(description = "Page size 1..100", example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page's nextCursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "Earliest entry date, inclusive", example = "2026-01-01") @QueryParam("from") String from,
            @Parameter(description = "Latest entry date, inclusive", example = "2026-01-31") @QueryParam("to") String to,
            @Parameter(description = "Only entries with this tag (case-insensitive)") @QueryParam("tag") String tag,
            @Parameter(description = "text or voice") @QueryParam("source") String source,
            @Parameter(description = "Full-text search", example = "прогулка парк") @QueryParam("q") String text,
            @Context UriInfo uri) {
        UUID me = currentUser.id();
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, EntryQueries.CURSOR);
        LocalDate fromDate = errors.date("from", from);
        LocalDate toDate = errors.date("to", to);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            errors.add("from", "must not be after to");
        }
        Source sourceFilter = source == null ? null : LowercaseEnums.parse(Source.class, source.strip());
        if (source != null && sourceFilter == null) {
            errors.add("source", "must be text or voice");
        }
        String tagFilter = errors.text("tag", tag, 40);
        String search = errors.text("q", text, 500);
        errors.throwIfAny();
        EntryFilter filter = new EntryFilter(me, fromDate, toDate,
                tagFilter == null ? null : EntryService.normalizeTag(tagFilter), sourceFilter, search, page);
        return entries.list(filter)
                .map(fetched -> Page.of(fetched, page, EntryQueries::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("stats")
    @Operation(operationId = "getEntryStats", summary = "Writing statistics",
            description = "Entries and words per day over [from, to] (default: the last 30 days up to today in the "
                    + "client's Time-Zone; at most 367 days), their totals, and the current writing streak.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EntryStats.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<EntryStats> stats(@QueryParam("from") String from, @QueryParam("to") String to,
            @HeaderParam(TIME_ZONE) String timeZone) {
        UUID me = currentUser.id();
        FieldErrors errors = new FieldErrors();
        ZoneId zone = errors.zone(TIME_ZONE, timeZone, ZoneOffset.UTC);
        LocalDate today = entries.today(zone);
        LocalDate toDate = errors.date("to", to);
        LocalDate fromDate = errors.date("from", from);
        toDate = toDate == null ? (fromDate == null ? today : fromDate.plusDays(29)) : toDate;
        fromDate = fromDate == null ? toDate.minusDays(29) : fromDate;
        if (fromDate.isAfter(toDate)) {
            errors.add("from", "must not be after to");
        } else if (ChronoUnit.DAYS.between(fromDate, toDate) + 1 > EntryService.MAX_STATS_DAYS) {
            errors.add("to", "the range must span at most " + EntryService.MAX_STATS_DAYS + " days");
        }
        errors.throwIfAny();
        return entries.stats(me, fromDate, toDate, today);
    }

    private static Response withVersion(Entry entry) {
        return Response.ok(EntryView.of(entry)).header(HttpHeaders.ETAG, Versions.etag(entry)).build();
    }
}
