package dev.dnevnik.sync.run;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.dnevnik.common.paging.Page;
import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.jobs.Jobs;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/sync/runs")
@RolesAllowed(CurrentUser.ADMIN_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
public class RunResource {

    private final RunService runs;
    private final Jobs jobs;

    public RunResource(RunService runs, Jobs jobs) {
        this.runs = runs;
        this.jobs = jobs;
    }

    @GET
    @Operation(operationId = "listSyncRuns", summary = "The latest runs of every source",
            description = "Newest first, in keyset pages (the dashboard shows the first five).")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<RunView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, RunStore.CURSOR);
        errors.throwIfAny();
        return runs.list(null, page).map(fetched -> Page.of(fetched, page, RunStore::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSyncRun", summary = "A run: status and figures")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RunView> get(@PathParam("id") UUID id) {
        return runs.get(id);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(operationId = "cancelSyncRun", summary = "Cancel a run",
            description = "Fetching stops and nothing of the run is applied. 409 when it has already ended.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<RunView>> cancel(@PathParam("id") UUID id) {
        return runs.cancel(id).map(run -> RestResponse.ResponseBuilder.<RunView> create(RestResponse.Status.ACCEPTED)
                .entity(run).build());
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(operationId = "streamSyncRunEvents", summary = "A run's progress (SSE)",
            description = "queued, start, info {total, pages}, progress {pagesDone, items, retries}…, then complete "
                    + "{added, updated, unchanged, deleted, itemsPerSecond, …}, failed {reason} or cancelled. Each "
                    + "event has an id: reconnect with Last-Event-ID to resume; a client connecting after the end gets "
                    + "the final event.")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "200", description = "The run's events as they happen (text/event-stream)",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    public Multi<OutboundSseEvent> events(@PathParam("id") UUID id,
            @Parameter(description = "The id of the last event received") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        return jobs.sse(runs.get(id), RunView::id, lastEventId, sse);
    }
}
