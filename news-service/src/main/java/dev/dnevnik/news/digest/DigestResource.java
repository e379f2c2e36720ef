package dev.dnevnik.news.digest;

import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
import dev.dnevnik.jobs.Jobs;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/digests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Digests", description = "AI digests of the news, written as jobs")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class DigestResource {

    private final DigestService digests;
    private final Jobs jobs;
    private final CurrentUser currentUser;

    public DigestResource(DigestService digests, Jobs jobs, CurrentUser currentUser) {
        this.digests = digests;
        this.jobs = jobs;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDigest", summary = "Ask for a digest",
            description = "Accepted at once as a job (202, Location of the digest); follow it with GET or its SSE "
                    + "events. Categories default to the caller's subscriptions; the language to the request's, else "
                    + "Accept-Language (ru, uk or en), else the items' own. Written by the configured chat model, or by "
                    + "the extractive summariser when none is configured or the model fails. With an Idempotency-Key "
                    + "a retry returns the first answer.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "digest",
            value = """
                    {"categories":["technology"],"limit":10,"style":"bullets","tone":"friendly","length":"short",
                     "audience":"general","language":"uk"}""")))
    @APIResponse(responseCode = "202", description = "Accepted; Location points at the digest",
            content = @Content(schema = @Schema(implementation = DigestView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    public Uni<Response> create(@Valid DigestOptions options,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage, @Context UriInfo uri) {
        String key = IdempotencyKey.parse(idempotencyKey);
        return digests.create(currentUser.id(), options == null ? DigestOptions.defaults() : options,
                preferred(acceptLanguage), key, id -> uri.getAbsolutePathBuilder().path(id.toString()).build())
                .map(IdempotentResponse::toResponse);
    }

    @GET
    @Operation(operationId = "listDigests", summary = "My digests", description = "Newest first, in keyset pages.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<Page<DigestView>>> list(@QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        PageRequest page = PageRequest.parse(errors, limit, cursor, DigestStore.CURSOR);
        errors.throwIfAny();
        return digests.list(currentUser.id(), page)
                .map(fetched -> Page.of(fetched, page, DigestStore::cursorAfter, uri).toResponse());
    }

    @GET
    @Path("latest")
    @Operation(operationId = "getLatestDigest", summary = "My newest digest, whatever its status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DigestView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<DigestView> latest() {
        return digests.latest(currentUser.id());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getDigest", summary = "One of my digests")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DigestView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<DigestView> get(@PathParam("id") UUID id) {
        return digests.get(currentUser.id(), id);
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(operationId = "streamDigestEvents", summary = "A digest's progress (SSE)",
            description = "queued, running, progress {stage, …}, then succeeded (the digest) or failed {reason}. Each "
                    + "event has an id: reconnect with Last-Event-ID to resume; a client connecting after the end gets "
                    + "the final event. Comment lines keep an idle stream open.")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "200", description = "The job's events as they happen (text/event-stream)",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    public Multi<OutboundSseEvent> events(@PathParam("id") UUID id,
            @Parameter(description = "The id of the last event received") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        return jobs.sse(digests.get(currentUser.id(), id), DigestView::id, lastEventId, sse);
    }

    /** The first of ru, uk, en the client prefers, or null. */
    static DigestOptions.Language preferred(String acceptLanguage) {
        if (acceptLanguage == null) {
            return null;
        }
        for (String part : acceptLanguage.split(",")) {
            String tag = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
            String primary = tag.length() >= 2 ? tag.substring(0, 2) : tag;
            if (primary.equals("ru") || primary.equals("uk") || primary.equals("en")) {
                return DigestOptions.Language.of(primary);
            }
        }
        return null;
    }
}
