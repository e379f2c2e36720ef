package dev.dnevnik.transcription.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.testing.HeldResponses;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock standing in for the providers, answering exactly as Groq's OpenAI-compatible API does (verbose_json bodies,
 * {@code x-ratelimit-*} headers, {@code {"error":{...}}} errors, {@code retry-after} on 429): the primary is "groq"
 * under {@code /primary/openai/v1}, the secondary "openai" under {@code /secondary/v1}.
 */
public class ProviderStub implements QuarkusTestResourceLifecycleManager {

    public static final String PRIMARY_PATH = "/primary/openai/v1/audio/transcriptions";
    public static final String SECONDARY_PATH = "/secondary/v1/audio/transcriptions";
    public static final String PRIMARY_KEY = "gsk_test_primary_key";
    public static final String SECONDARY_KEY = "sk-test-secondary-key";
    public static final String SPOKEN = "Today I walked in the park and read a book.";

    private static WireMockServer server;
    private static final HeldResponses HELD = new HeldResponses();

    public static WireMockServer server() {
        return server;
    }

    /**
     * Before each test: lets held answers go (and waits until they are recorded), forgets stubs, scenarios and
     * requests, and closes every circuit the last test may have opened.
     */
    public static void reset() {
        HELD.releaseAndSettle(server);
        server.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
    }

    /** The answers of stubs made with {@code .withTransformers(HeldResponses.NAME)} wait until released. */
    public static HeldResponses held() {
        return HELD;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40).extensions(HELD));
        server.start();
        String base = "http://localhost:" + server.port();
        return Map.of(
                "dnevnik.stt.primary.base-url", base + "/primary/openai/v1",
                "dnevnik.stt.primary.api-key", PRIMARY_KEY,
                "dnevnik.stt.primary.name", "groq",
                "dnevnik.stt.secondary.base-url", base + "/secondary/v1",
                "dnevnik.stt.secondary.api-key", SECONDARY_KEY,
                "dnevnik.stt.secondary.name", "openai");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A Groq success: verbose_json with the language as a name, plus Groq's rate-limit headers. */
    public static ResponseDefinitionBuilder groqTranscription() {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit-requests", "2000")
                .withHeader("x-ratelimit-remaining-requests", "1999")
                .withHeader("x-ratelimit-reset-requests", "43.2s")
                .withHeader("x-ratelimit-limit-audio-seconds", "7200")
                .withHeader("x-request-id", "req_01jtestgroq")
                .withBody("""
                        {"task":"transcribe","language":"english","duration":3.0,"text":" %s",
                         "segments":[{"id":0,"seek":0,"start":0.0,"end":1.56,"text":" Today I walked in the park",
                                      "tokens":[50365,2692,286,7628],"temperature":0.0,"avg_logprob":-0.21,
                                      "compression_ratio":0.92,"no_speech_prob":0.01},
                                     {"id":1,"seek":0,"start":1.56,"end":3.0,"text":" and read a book.",
                                      "tokens":[293,1401,257,1446,13],"temperature":0.0,"avg_logprob":-0.18,
                                      "compression_ratio":0.92,"no_speech_prob":0.01}],
                         "x_groq":{"id":"req_01jtestgroq"}}""".formatted(SPOKEN));
    }

    /** An error exactly as Groq and OpenAI shape them. */
    public static ResponseDefinitionBuilder providerError(int status, String message, String type, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    public static void primaryAnswers(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(PRIMARY_PATH)).willReturn(response));
    }

    public static void secondaryAnswers(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(SECONDARY_PATH)).willReturn(response));
    }

    /** Calls the primary has answered (a held answer is counted once it is let go). */
    public static int primaryCalls() {
        return callsTo(PRIMARY_PATH);
    }

    public static int secondaryCalls() {
        return callsTo(SECONDARY_PATH);
    }

    private static int callsTo(String path) {
        return server.countRequestsMatching(WireMock.postRequestedFor(urlEqualTo(path)).build()).getCount();
    }
}
