package dev.dnevnik.news.news;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
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
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/news")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "News", description = "News items gathered from the feeds")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class NewsResource {

    /** The client's IANA time zone, deciding what a day is (as in diary-service). */
    static final String TIME_ZONE = "Time-Zone";

    private final NewsService news;
    private final CurrentUser currentUser;

    public NewsResource(NewsService news, CurrentUser currentUser) {
        this.news = news;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(operationId = "listNews", summary = "List news",
            description = "Newest first, in keyset pages: follow `next` (also in the Link header) until it is absent. "
                    + "`category` includes its subcategories. `q` is full-text search over title and summary matching "
                    + "Russian, Ukrainian and English words by their stem, in web-search syntax: words, \"a phrase\", "
                    + "or, -excluded.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<NewsView>>> list(
            @Parameter(description = "A category slug", example = "technology") @QueryParam("category") String category,
            @Parameter(description = "Only items published at or after this instant (or date, from its start in UTC)",
                    example = "2026-11-24T00:00:00Z") @QueryParam("since") String since,
            @Parameter(description = "Full-text search", example = "штучний інтелект") @QueryParam("q") String text,
            @Parameter(description = "Page size 1..100", example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page's nextCursor") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, NewsQueries.CURSOR);
        String categoryFilter = errors.text("category", category, 50);
        Instant sinceFilter = errors.instant("since", since);
        String search = errors.text("q", text, 500);
        errors.throwIfAny();
        return news.list(categoryFilter, sinceFilter, search, page)
                .map(fetched -> Page.of(fetched, page, NewsQueries::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("stats")
    @Operation(operationId = "getNewsStats", summary = "News per category for a day",
            description = "For the caller's subscribed categories (each with its subcategories), or every top-level "
                    + "category when the caller follows none: how many items were published on the day (default "
                    + "today) in the caller's Time-Zone (default UTC).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = NewsStats.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<NewsStats> stats(@Parameter(example = "2026-11-24") @QueryParam("date") String date,
            @Parameter(description = "IANA time zone, e.g. Europe/Kyiv") @HeaderParam(TIME_ZONE) String timeZone) {
        FieldErrors errors = new FieldErrors();
        ZoneId zone = errors.zone(TIME_ZONE, timeZone, ZoneId.of("UTC"));
        LocalDate day = errors.date("date", date);
        errors.throwIfAny();
        return news.stats(currentUser.id(), day == null ? LocalDate.now(zone) : day, zone);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getNews", summary = "Get one news item")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = NewsView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<NewsView> get(@PathParam("id") UUID id) {
        return news.get(id);
    }
}
