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

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.idempotency.IdempotencyKey;
import dev.dnevnik.common.request.RequestId;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** diary-service, for the calls the gateway makes itself (voice entries, the dashboard). */
@RegisterRestClient(configKey = "diary")
@Path("/entries")
@Produces(MediaType.APPLICATION_JSON)
public interface DiaryApi {

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
    static ServiceProblem toProblem(Response response) {
        return ServiceProblem.of("diary-service", response);
    }
}
