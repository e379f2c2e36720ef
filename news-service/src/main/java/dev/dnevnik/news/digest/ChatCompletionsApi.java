package dev.dnevnik.news.digest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import dev.dnevnik.upstream.OpenAiApiError;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The OpenAI-compatible chat-completions endpoint ({@code POST {base}/chat/completions}) that Groq, OpenAI and
 * self-hosted servers offer. Built by {@link ChatCompletions}, which owns it and guards every call.
 */
@Path("/chat/completions")
interface ChatCompletionsApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Answer> complete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Request request);

    /** Every error answer becomes an {@link OpenAiApiError} carrying what retries and logs need. */
    @ClientExceptionMapper
    static OpenAiApiError toException(Response response) {
        return OpenAiApiError.from(response, "chat-completions API");
    }

    @RegisterForReflection
    record Request(String model, List<ChatMessage> messages, double temperature,
            @JsonProperty("max_completion_tokens") int maxCompletionTokens) {
    }

    /** Only what Dnevnik reads: {@code choices[].message.content} and why the model stopped. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(List<Choice> choices) {

        /** The first choice's content, or null when there is none. */
        String content() {
            if (choices == null || choices.isEmpty() || choices.get(0) == null || choices.get(0).message() == null) {
                return null;
            }
            return choices.get(0).message().content();
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String role, @JsonDeserialize(using = StringDeserializer.class) String content) {
    }
}
