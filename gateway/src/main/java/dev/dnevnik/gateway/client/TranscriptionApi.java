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
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.idempotency.IdempotencyKey;
import dev.dnevnik.common.request.RequestId;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** transcription-service, for the calls the gateway makes itself (voice entries, the dashboard). */
@RegisterRestClient(configKey = "transcription")
@Path("/transcriptions")
@Produces(MediaType.APPLICATION_JSON)
public interface TranscriptionApi {

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
    static ServiceProblem toProblem(Response response) {
        return ServiceProblem.of("transcription-service", response);
    }
}
