package dev.dnevnik.news.digest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.testing.HeldResponses;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * WireMock standing in for an OpenAI-compatible chat-completions API, answering as Groq does (a
 * {@code chat.completion} object with {@code choices[].message.content}, {@code x-ratelimit-*} headers,
 * {@code {"error":{...}}} errors, {@code retry-after} on 429), under {@code /openai/v1}, on loopback.
 */
public class ChatCompletionsStub implements QuarkusTestResourceLifecycleManager {

    public static final String PATH = "/openai/v1/chat/completions";
    public static final String KEY = "gsk_test_llm_key";
    public static final String MODEL = "llama-3.3-70b-versatile";

    private static WireMockServer server;
    private static final HeldResponses HELD = new HeldResponses();

    public static WireMockServer server() {
        return server;
    }

    /** Before each test: lets held answers go, forgets stubs and requests, closes every circuit. */
    public static void reset() {
        HELD.releaseAndSettle(server);
        server.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
    }

    public static HeldResponses held() {
        return HELD;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(20).extensions(HELD));
        server.start();
        return Map.of(
                "dnevnik.llm.base-url", "http://127.0.0.1:" + server.port() + "/openai/v1",
                "dnevnik.llm.api-key", KEY,
                "dnevnik.llm.model", MODEL);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A Groq chat completion whose first choice says {@code content}. */
    public static ResponseDefinitionBuilder completion(String content) {
        JsonObject body = new JsonObject()
                .put("id", "chatcmpl-test")
                .put("object", "chat.completion")
                .put("created", 1741944600)
                .put("model", MODEL)
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", content))
                        .putNull("logprobs")
                        .put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", 812).put("completion_tokens", 240)
                        .put("total_tokens", 1052))
                .put("system_fingerprint", "fp_test")
                .put("x_groq", new JsonObject().put("id", "req_01jtestllm"));
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit-requests", "1000")
                .withHeader("x-ratelimit-remaining-requests", "999")
                .withHeader("x-ratelimit-limit-tokens", "12000")
                .withHeader("x-ratelimit-remaining-tokens", "10948")
                .withBody(body.encode());
    }

    /** An error exactly as Groq and OpenAI shape them. */
    public static ResponseDefinitionBuilder apiError(int status, String message, String type, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                        .put("code", code)).encode());
    }

    public static void answers(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    /** Calls answered so far (a held answer is counted once it is let go). */
    public static int calls() {
        return server.countRequestsMatching(WireMock.postRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }
}
