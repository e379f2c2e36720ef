package dev.dnevnik.news.feed;

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
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/feeds")
@RolesAllowed(CurrentUser.ADMIN_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feeds", description = "RSS and Atom feeds the news come from (operators only)")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
public class FeedResource {

    private final FeedService feeds;
    private final Jobs jobs;

    public FeedResource(FeedService feeds, Jobs jobs) {
        this.feeds = feeds;
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createFeed", summary = "Add a feed",
            description = "The feed is fetched at once, then on its own schedule. Hosts that resolve to private, "
                    + "loopback or link-local addresses are refused when fetched (unless allow-listed).")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = FeedView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<FeedView>> create(@Valid @NotNull FeedInput feed, @Context UriInfo uri) {
        return feeds.create(feed).map(created -> RestResponse.ResponseBuilder.<FeedView> created(
                uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build());
    }

    @GET
    @Operation(operationId = "listFeeds", summary = "List feeds", description = "Newest first, in keyset pages.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<FeedView>>> list(@QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, FeedStore.CURSOR);
        errors.throwIfAny();
        return feeds.list(page).map(fetched -> Page.of(fetched, page, FeedStore::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getFeed", summary = "Get a feed and its fetch state")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<FeedView> get(@PathParam("id") UUID id) {
        return feeds.get(id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceFeed", summary = "Replace a feed",
            description = "A changed URL is fetched afresh (its old validators are forgotten) at once.")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<FeedView> update(@PathParam("id") UUID id, @Valid @NotNull FeedInput feed) {
        return feeds.update(id, feed);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteFeed", summary = "Delete a feed and its news items")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return feeds.delete(id).replaceWith(RestResponse.noContent());
    }

    @POST
    @Path("{id}/refresh")
    @Operation(operationId = "refreshFeed", summary = "Fetch a feed now",
            description = "A job: 202 with Location of its status; its events stream at <Location>/events. While a "
                    + "refresh of the feed is queued or running, that one is returned.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<JobView>> refresh(@PathParam("id") UUID id, @Context UriInfo uri) {
        return feeds.refresh(id).map(job -> RestResponse.ResponseBuilder.<JobView> accepted()
                .location(uri.getAbsolutePathBuilder().path("..").path("refreshes").path(job.id().toString())
                        .build().normalize())
                .entity(JobView.of(job)).build());
    }

    @GET
    @Path("{id}/refreshes/{jobId}")
    @Operation(operationId = "getFeedRefresh", summary = "The status of a feed refresh")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<JobView> refreshStatus(@PathParam("id") UUID id, @PathParam("jobId") UUID jobId) {
        return feeds.refreshJob(id, jobId).map(JobView::of);
    }

    @GET
    @Path("{id}/refreshes/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(operationId = "streamFeedRefreshEvents", summary = "A feed refresh's events (SSE)",
            description = "queued, running, then succeeded {added, items} or failed {reason}; resumes after "
                    + "Last-Event-ID; keep-alive comments meanwhile.")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "200", description = "The job's events as they happen (text/event-stream)",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    public Multi<OutboundSseEvent> refreshEvents(@PathParam("id") UUID id, @PathParam("jobId") UUID jobId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return jobs.sse(feeds.refreshJob(id, jobId), Job::id, lastEventId, sse);
    }
}
