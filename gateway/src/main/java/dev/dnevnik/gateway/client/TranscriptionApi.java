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

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.request.RequestId;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * transcription-service, for the calls the gateway makes itself; only {@link Transcriptions} uses it, under the
 * service's guard.
 */
@Path("/transcriptions")
@Produces(MediaType.APPLICATION_JSON)
interface TranscriptionApi {

    String SERVICE = "transcription";

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<TranscriptRef> transcribe(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(RequestId.HEADER) String requestId,
            ClientMultipartForm form);

    @GET
    @Path("stats")
    Uni<JsonNode> stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(RequestId.HEADER) String requestId,
            @QueryParam("days") int days);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return ServiceProblem.ofErrorAnswer(SERVICE, response);
    }
}
