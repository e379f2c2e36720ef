package dev.dnevnik.gateway.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.request.RequestId;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** sync-service, for the calls the gateway makes itself; only {@link Sync} uses it, under the service's guard. */
@Path("/sync")
@Produces(MediaType.APPLICATION_JSON)
interface SyncApi {

    String SERVICE = "sync";

    /**
     * The latest sync runs, newest first, as one keyset page: {@code {"items":[…],"nextCursor":…,"next":…}}.
     * Operators only: the caller's token is passed on and sync-service checks it.
     */
    @GET
    @Path("runs")
    Uni<JsonNode> runs(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestId.HEADER) String requestId,
            @QueryParam("limit") int limit);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ServiceProblem.ofErrorAnswer(SERVICE, response);
    }
}
