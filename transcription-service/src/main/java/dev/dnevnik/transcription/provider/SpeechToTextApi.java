package dev.dnevnik.transcription.provider;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import dev.dnevnik.upstream.OpenAiApiError;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The OpenAI-compatible transcription endpoint ({@code POST {base}/audio/transcriptions}) that Groq, OpenAI and
 * self-hosted whisper servers all offer. One client instance per configured provider is built by
 * {@link SpeechToTextProviders}: the providers share this interface but differ in base URL, key and limits, which
 * come from the environment at run time.
 */
@Path("/audio/transcriptions")
interface SpeechToTextApi {

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<ProviderTranscription>> transcribe(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            ClientMultipartForm form);

    /** Every error answer becomes a {@link OpenAiApiError} carrying what retries and problems need. */
    @ClientExceptionMapper
    static OpenAiApiError toException(Response response) {
        return OpenAiApiError.from(response, "provider");
    }
}
