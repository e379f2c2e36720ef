package dev.dnevnik.sync.source;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
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
import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.idempotency.IdempotentResponse;
import dev.dnevnik.sync.item.ItemStore;
import dev.dnevnik.sync.item.ItemView;
import dev.dnevnik.sync.run.RunService;
import dev.dnevnik.sync.run.RunStore;
import dev.dnevnik.sync.run.RunView;
import io.smallrye.mutiny.Uni;

@Path("/sync/sources")
@RolesAllowed(CurrentUser.ADMIN_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync", description = "Operators: mirror external paginated APIs")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
public class SourceResource {

    private final SourceService sources;
    private final RunService runs;
    private final ItemStore items;
    private final CurrentUser currentUser;

    public SourceResource(SourceService sources, RunService runs, ItemStore items, CurrentUser currentUser) {
        this.sources = sources;
        this.runs = runs;
        this.items = items;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSyncSource", summary = "Add a source",
            description = "Secrets are named by environment variable (auth.usernameEnv, passwordEnv, tokenEnv) and "
                    + "read when a run starts; they are never stored or returned. Omitted fields take their defaults.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "source",
            value = """
                    {"name":"Partner programs","baseUrl":"https://partner.example","path":"/programs/v1",
                     "query":{"program_status":"ALL"},
                     "auth":{"type":"basic","usernameEnv":"PARTNER_USER","passwordEnv":"PARTNER_PASSWORD"},
                     "pagination":{"style":"offset-limit","pageSize":40},
                     "itemsPointer":"/payment_programs","totalPointer":"/total","idPointer":"/program_id",
                     "concurrency":16}""")))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<SourceView>> create(SourceSpec spec, @Context UriInfo uri) {
        return sources.create(spec).map(created -> created(created, uri));
    }

    @POST
    @Path("examples/yelp-programs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createYelpProgramsSource", summary = "Add the Yelp partner programs source",
            description = "The documented example: GET {baseUrl}/programs/v1?offset=&limit=40&program_status=ALL with "
                    + "HTTP Basic credentials from YELP_PARTNER_USER and YELP_PARTNER_PASSWORD, items at "
                    + "/payment_programs, the total at /total, ids at /program_id, 16 requests in flight.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<SourceView>> createYelpPrograms(YelpExample example, @Context UriInfo uri) {
        return sources.createYelpPrograms(example).map(created -> RestResponse.ResponseBuilder.<SourceView> created(
                uri.getBaseUriBuilder().path("sync/sources").path(created.id().toString()).build()).entity(created)
                .build());
    }

    @GET
    @Operation(operationId = "listSyncSources", summary = "List sources", description = "Newest first, in keyset pages.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<SourceView>>> list(@QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, SourceStore.CURSOR);
        errors.throwIfAny();
        return sources.list(page).map(fetched -> Page.of(fetched, page, SourceStore::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSyncSource", summary = "Get a source")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<SourceView> get(@PathParam("id") UUID id) {
        return sources.get(id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceSyncSource", summary = "Replace a source", description = "Takes effect from the next run.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<SourceView> update(@PathParam("id") UUID id, SourceSpec spec) {
        return sources.update(id, spec);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteSyncSource", summary = "Delete a source, its runs and its mirrored items",
            description = "A run in progress is cancelled first.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return sources.delete(id).replaceWith(RestResponse.noContent());
    }

    @POST
    @Path("{id}/runs")
    @Operation(operationId = "startSyncRun", summary = "Run a source now",
            description = "Accepted at once as a job (202, Location of the run); follow it with GET /sync/runs/{id} or "
                    + "its SSE events. One run per source at a time: while one is queued or running, 409. With an "
                    + "Idempotency-Key a retry returns the first answer.")
    @APIResponse(responseCode = "202", description = "Accepted; Location points at the run",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    public Uni<Response> startRun(@PathParam("id") UUID id, @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        String key = IdempotencyKey.parse(idempotencyKey);
        return runs.start(currentUser.id(), id, key,
                runId -> uri.getBaseUriBuilder().path("sync/runs").path(runId.toString()).build())
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @Path("{id}/runs")
    @Operation(operationId = "listSyncSourceRuns", summary = "A source's runs", description = "Newest first, in keyset pages.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Page<RunView>>> listRuns(@PathParam("id") UUID id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, RunStore.CURSOR);
        errors.throwIfAny();
        return runs.list(id, page).map(fetched -> Page.of(fetched, page, RunStore::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("{id}/items")
    @Operation(operationId = "listSyncItems", summary = "A source's mirrored items",
            description = "In the order they were first stored, in keyset pages; changedSince keeps those added or "
                    + "changed since then.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Page<ItemView>>> listItems(@PathParam("id") UUID id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z") @QueryParam("changedSince") String changedSince,
            @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, ItemStore.CURSOR);
        Instant since = changedSince == null ? null : errors.instant("changedSince", changedSince);
        errors.throwIfAny();
        return sources.get(id).flatMap(source -> items.page(id, since, page))
                .map(fetched -> Page.of(fetched, page, ItemStore::cursorAfter, uri).toResponse());
    }

    private static RestResponse<SourceView> created(SourceView created, UriInfo uri) {
        return RestResponse.ResponseBuilder.<SourceView> created(
                uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }
}
