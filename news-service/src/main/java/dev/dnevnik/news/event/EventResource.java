package dev.dnevnik.news.event;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import dev.dnevnik.jobs.Job;
import dev.dnevnik.jobs.JobView;
import dev.dnevnik.jobs.Jobs;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Upcoming events; operators add them or import iCalendar feeds")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class EventResource {

    private final EventService events;
    private final Jobs jobs;

    public EventResource(EventService events, Jobs jobs) {
        this.events = events;
        this.jobs = jobs;
    }

    @GET
    @Operation(operationId = "listEvents", summary = "List events, upcoming first",
            description = "Events not yet over (or from `from`), soonest first, in keyset pages. `category` includes its "
                    + "subcategories; `city` matches case-insensitively; `q` is full-text search as for news.")
    @APIResponse(responseCode = "200", description = "A page of events")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<EventView>>> list(
            @Parameter(description = "Events ending at or after this instant (or date); default now") @QueryParam("from") String from,
            @Parameter(description = "Events starting before this instant (or date)") @QueryParam("to") String to,
            @Parameter(example = "culture") @QueryParam("category") String category,
            @Parameter(example = "Kyiv") @QueryParam("city") String city,
            @QueryParam("q") String text, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, EventStore.CURSOR);
        Instant fromInstant = errors.instant("from", from);
        Instant toInstant = errors.instant("to", to);
        String categoryFilter = errors.text("category", category, 50);
        String cityFilter = errors.text("city", city, 100);
        String search = errors.text("q", text, 500);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add("from", "must be before to");
        }
        errors.throwIfAny();
        EventFilter filter = new EventFilter(fromInstant == null ? Instant.now() : fromInstant, toInstant,
                categoryFilter, cityFilter, search, page);
        return events.list(filter).map(fetched -> Page.of(fetched, page, EventStore::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getEvent", summary = "Get one event")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EventView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<EventView> get(@PathParam("id") UUID id) {
        return events.get(id);
    }

    @POST
    @RolesAllowed(CurrentUser.ADMIN_GROUP)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createEvent", summary = "Add an event (operators)")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = EventView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Uni<RestResponse<EventView>> create(@Valid @NotNull EventInput event, @Context UriInfo uri) {
        return events.create(event).map(created -> RestResponse.ResponseBuilder.<EventView> created(
                uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(CurrentUser.ADMIN_GROUP)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceEvent", summary = "Replace an event (operators)")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<EventView> update(@PathParam("id") UUID id, @Valid @NotNull EventInput event) {
        return events.update(id, event);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(CurrentUser.ADMIN_GROUP)
    @Operation(operationId = "deleteEvent", summary = "Delete an event (operators)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return events.delete(id).replaceWith(RestResponse.noContent());
    }

    @POST
    @Path("imports")
    @RolesAllowed(CurrentUser.ADMIN_GROUP)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importEvents", summary = "Import an iCalendar feed (operators)",
            description = "A job: 202 with Location of its status; events stream at <Location>/events. Events are "
                    + "matched by UID and recurrence id, so importing again updates them; recurring events are "
                    + "expanded into their upcoming occurrences; time zones are kept.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Uni<RestResponse<JobView>> startImport(@Valid @NotNull EventImportRequest request, @Context UriInfo uri) {
        return events.startImport(request).map(job -> RestResponse.ResponseBuilder.<JobView> accepted()
                .location(uri.getAbsolutePathBuilder().path(job.id().toString()).build())
                .entity(JobView.of(job)).build());
    }

    @GET
    @Path("imports/{jobId}")
    @RolesAllowed(CurrentUser.ADMIN_GROUP)
    @Operation(operationId = "getEventImport", summary = "The status of an iCalendar import (operators)")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<JobView> importStatus(@PathParam("jobId") UUID jobId) {
        return events.importJob(jobId).map(JobView::of);
    }

    @GET
    @Path("imports/{jobId}/events")
    @RolesAllowed(CurrentUser.ADMIN_GROUP)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(operationId = "streamEventImportEvents", summary = "An iCalendar import's events (SSE, operators)")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "200", description = "The job's events as they happen (text/event-stream)",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    public Multi<OutboundSseEvent> importEvents(@PathParam("jobId") UUID jobId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return jobs.sse(events.importJob(jobId), Job::id, lastEventId, sse);
    }
}
