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

/** news-service, for the calls the gateway makes itself; only {@link News} uses it, under the service's guard. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface NewsApi {

    String SERVICE = "news";
    String TIME_ZONE = "Time-Zone";

    /** News per category on one day (the caller's subscribed categories, or all when none), passed on unchanged. */
    @GET
    @Path("news/stats")
    Uni<JsonNode> stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestId.HEADER) String requestId,
            @HeaderParam(TIME_ZONE) String timeZone,
            @QueryParam("date") String date);

    /** The caller's latest digest, passed on unchanged; 404 when there is none yet. */
    @GET
    @Path("digests/latest")
    Uni<JsonNode> latestDigest(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestId.HEADER) String requestId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ServiceProblem.ofErrorAnswer(SERVICE, response);
    }
}
