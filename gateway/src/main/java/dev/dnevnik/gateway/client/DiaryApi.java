package dev.dnevnik.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.request.RequestId;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** diary-service, for the calls the gateway makes itself; only {@link Diary} uses it, under the service's guard. */
@Path("/entries")
@Produces(MediaType.APPLICATION_JSON)
interface DiaryApi {

    String SERVICE = "diary";
    String TIME_ZONE = "Time-Zone";

    /** The entry as diary-service stores and shows it, passed on unchanged (with its ETag). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<JsonNode>> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(RequestId.HEADER) String requestId,
            @HeaderParam(TIME_ZONE) String timeZone,
            VoiceEntryDraft entry);

    @GET
    @Path("stats")
    Uni<JsonNode> stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestId.HEADER) String requestId,
            @HeaderParam(TIME_ZONE) String timeZone,
            @QueryParam("from") String from,
            @QueryParam("to") String to);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ServiceProblem.ofErrorAnswer(SERVICE, response);
    }
}
