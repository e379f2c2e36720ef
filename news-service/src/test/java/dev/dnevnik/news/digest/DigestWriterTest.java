package dev.dnevnik.news.digest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dnevnik.news.digest.ChatCompletionsStub.KEY;
import static dev.dnevnik.news.digest.ChatCompletionsStub.MODEL;
import static dev.dnevnik.news.digest.ChatCompletionsStub.PATH;
import static dev.dnevnik.news.digest.ChatCompletionsStub.answers;
import static dev.dnevnik.news.digest.ChatCompletionsStub.apiError;
import static dev.dnevnik.news.digest.ChatCompletionsStub.calls;
import static dev.dnevnik.news.digest.ChatCompletionsStub.completion;
import static dev.dnevnik.news.digest.ChatCompletionsStub.held;
import static dev.dnevnik.news.digest.ChatCompletionsStub.server;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.dnevnik.news.digest.DigestOptions.Audience;
import dev.dnevnik.news.digest.DigestOptions.Language;
import dev.dnevnik.news.digest.DigestOptions.Length;
import dev.dnevnik.news.digest.DigestOptions.Style;
import dev.dnevnik.news.digest.DigestOptions.Tone;
import dev.dnevnik.testing.CapturedLogs;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** How digests are written through the chat-completions API, and what happens when it cannot write them. */
@QuarkusTest
@NewsTestResources
class DigestWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    DigestWriter writer;

    @Inject
    LlmConfig config;

    @Inject
    LlmMetrics metrics;

    private final List<DigestItem> items = DigestFixtures.russianNews();
    private final DigestOptions options = DigestOptions.defaults().withStyle(Style.BULLETS).withTone(Tone.FORMAL)
            .withLength(Length.SHORT).withAudience(Audience.EXPERT).withLanguage(Language.RU);

    @BeforeEach
    void freshApi() {
        ChatCompletionsStub.reset();
    }

    private DigestText write() {
        return writer.write(items, options).await().atMost(WAIT);
    }

    @Test
    void sendsTheModelTheItemsAndTheOptionsWithTheBearerKey() {
        answers(completion("- Банк России повысил ставку до 21% [1][3]."));

        write();

        server().verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + KEY))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.model", WireMock.equalTo(MODEL)))
                .withRequestBody(matchingJsonPath("$.temperature", WireMock.equalTo("0.3")))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", WireMock.equalTo("500")))
                .withRequestBody(matchingJsonPath("$.messages.length()", WireMock.equalTo("2")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", WireMock.equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Write only in Russian")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Style: bullets")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Tone: formal")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Length: short")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", containing("Audience: expert")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", WireMock.equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content",
                        containing("[1] " + items.get(0).title())))
                .withRequestBody(matchingJsonPath("$.messages[1].content",
                        containing("[6] " + items.get(5).title())))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing(items.get(3).summary())))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Link: " + items.get(2).link())))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Category: football"))));
    }

    @Test
    void aNormalAnswerIsTheDigestWithOnlyTheItemsLinksAndNumbers() {
        double before = metric("dnevnik_llm_calls_total{outcome=\"success\"}");
        answers(completion("- Банк России повысил ключевую ставку до 21% [3], подробнее: https://evil.example.com/x\u0000\n"
                + "- «Зенит» обыграл «Спартак» [4] ([источник](https://phishing.example.net/login)) [9]\n"
                + "- Официально: " + items.get(0).link() + " [1]"));

        DigestText text = write();

        assertEquals(MODEL, text.engine());
        assertEquals("Дайджест\n\n"
                + "- Банк России повысил ключевую ставку до 21% [1], подробнее:\n"
                + "- «Зенит» обыграл «Спартак» [2] (источник)\n"
                + "- Официально: " + items.get(0).link() + " [3]"
                + "\n\nИсточники:"
                + "\n[1] " + items.get(2).title() + " — " + items.get(2).link()
                + "\n[2] " + items.get(3).title() + " — " + items.get(3).link()
                + "\n[3] " + items.get(0).title() + " — " + items.get(0).link(), text.content());
        assertEquals(List.of(items.get(2).id(), items.get(3).id(), items.get(0).id()),
                text.citations().stream().map(Citation::newsId).toList());
        assertEquals(1.0, metric("dnevnik_llm_calls_total{outcome=\"success\"}") - before);
        // its value depends on the tests before (resetting circuits between tests tells no listener)
        assertTrue(metrics().contains("\ndnevnik_llm_circuit_state "), "the circuit's state is exported");
    }

    @Test
    void a500IsRetriedAndThenTheDigestIsExtractive() {
        double before = metric("dnevnik_llm_calls_total{outcome=\"unavailable\"}");
        double retriesBefore = metric("dnevnik_llm_retries_total{cause=\"unavailable\"}");
        answers(apiError(500, "Internal Server Error", "internal_server_error", null));

        DigestText text = write();

        assertEquals(3, calls(), "the first attempt and two retries");
        assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
        assertEquals(new ExtractiveSummarizer().summarize(items, options), text);
        assertEquals(1.0, metric("dnevnik_llm_calls_total{outcome=\"unavailable\"}") - before);
        assertEquals(2.0, metric("dnevnik_llm_retries_total{cause=\"unavailable\"}") - retriesBefore);
        assertTrue(metric("dnevnik_digest_texts_total{engine=\"extractive\",reason=\"unavailable\"}") >= 1.0);
    }

    @Test
    void aBrokenConnectionIsRetriedToo() {
        answers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        DigestText text = write();

        assertEquals(3, calls());
        assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
    }

    @Test
    void a429IsRetriedAfterTheWaitItAskedFor() {
        server().stubFor(post(urlEqualTo(PATH)).inScenario("rate limited").whenScenarioStateIs(STARTED)
                .willReturn(apiError(429, "Rate limit reached for model `" + MODEL + "`: Limit 30, Used 30, "
                        + "Requested 1. Please try again in 1s.", "requests", "rate_limit_exceeded")
                        .withHeader("retry-after", "1"))
                .willSetStateTo("cooled down"));
        server().stubFor(post(urlEqualTo(PATH)).inScenario("rate limited").whenScenarioStateIs("cooled down")
                .willReturn(completion("- Банк России повысил ключевую ставку до 21% годовых [1].")));
        double retriesBefore = metric("dnevnik_llm_retry_delay_seconds_count");
        double waitedBefore = metric("dnevnik_llm_retry_delay_seconds_sum");

        DigestText text = write();

        assertEquals(MODEL, text.engine());
        assertEquals(2, calls(), "exactly one retry");
        // the wait the guard chose: the asked second, not the 50-200 ms backoff of the test profile
        assertEquals(1.0, metric("dnevnik_llm_retry_delay_seconds_count") - retriesBefore);
        double waited = metric("dnevnik_llm_retry_delay_seconds_sum") - waitedBefore;
        assertTrue(waited >= 1.0 && waited <= 1.2, "the retry waited " + waited + " s; retry-after asked for 1 s");
    }

    @Test
    void a429AskingForLongerThanTheRetryBudgetIsNotWaitedFor() {
        answers(apiError(429, "Rate limit reached", "tokens", "rate_limit_exceeded").withHeader("retry-after", "60"));

        DigestText text = write();

        assertEquals(1, calls(), "a minute is longer than a retry may wait");
        assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
    }

    @Test
    void aSlowAnswerEndsAtTheTimeoutAndTheDigestIsExtractive() throws Exception {
        held().hold();
        answers(completion("- Too late [1].").withTransformers(HeldResponses.NAME));
        double before = metric("dnevnik_llm_calls_total{outcome=\"timeout\"}");

        DigestText text = write();

        // the answer is still held when the digest is written: only the timeout can have ended the call
        assertEquals(1, held().waiting(), "the API has not answered");
        assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
        assertEquals(1.0, metric("dnevnik_llm_calls_total{outcome=\"timeout\"}") - before);
        held().release();
        awaitCalls(1);
        assertEquals(1, calls(), "a timed-out call is not retried");
    }

    @Test
    void anEmptyOrUnreadableAnswerMakesItExtractive() {
        for (var answer : List.of(completion(""), completion("   \u0000 "), completion("https://evil.example.com [1]"),
                aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"x\",\"choices\":[]}"),
                aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("<html>"))) {
            server().resetAll();
            answers(answer);

            DigestText text = write();

            assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
            assertEquals(1, calls(), "an unusable answer is not retried");
            assertFalse(text.content().contains("evil.example.com"));
        }
    }

    @Test
    void refusedCredentialsAreNotRetriedAndNeverLogged() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture("dev.dnevnik", "io.quarkus.rest.client",
                "org.jboss.resteasy.reactive.client", "io.smallrye.faulttolerance")) {
            answers(apiError(401, "Invalid API Key " + KEY, "invalid_request_error", "invalid_api_key"));

            DigestText text = write();

            assertEquals(1, calls());
            assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
            String logged = logs.text();
            assertTrue(logged.contains("credentials"), "why it is extractive is logged: " + logged);
            assertFalse(logged.contains(KEY) || logged.contains("Bearer "), logged);
        }
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndThenWritesExtractivelyWithoutCalling() {
        answers(apiError(503, "Service Unavailable", "service_unavailable", null));
        for (int i = 0; i < 4; i++) {
            assertEquals(ExtractiveSummarizer.ENGINE, write().engine());
        }
        int before = calls();

        assertEquals(ExtractiveSummarizer.ENGINE, write().engine());

        assertEquals(before, calls(), "short-circuited: the API was not called");
        assertTrue(metrics().contains("dnevnik_llm_circuit_state 2.0"), "the open state is exported");
        assertTrue(metric("dnevnik_llm_calls_total{outcome=\"circuit_open\"}") >= 1.0);
    }

    @Test
    void withoutAKeyItIsExtractiveWithoutAnyRequest() {
        for (String key : new String[] { null, "", "   " }) {
            DigestWriter unconfigured = new DigestWriter(new ChatCompletions(withApiKey(config, key), metrics), metrics);

            DigestText text = unconfigured.write(items, options).await().atMost(WAIT);

            assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
            assertEquals(new ExtractiveSummarizer().summarize(items, options), text);
        }
        assertEquals(0, calls());
    }

    @Test
    void noItemsSayNothingIsNewWithoutAskingTheModel() {
        DigestText text = writer.write(List.of(), options.withLanguage(Language.UK)).await().atMost(WAIT);

        assertEquals("Нових новин за вашими темами поки немає.", text.content());
        assertTrue(text.citations().isEmpty());
        assertEquals(0, calls());
    }

    /** The configuration as it is, but with another API key (null: none at all). */
    private static LlmConfig withApiKey(LlmConfig config, String key) {
        return (LlmConfig) Proxy.newProxyInstance(LlmConfig.class.getClassLoader(), new Class<?>[] { LlmConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("apiKey")) {
                        return Optional.ofNullable(key);
                    }
                    try {
                        return method.invoke(config, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String metrics() {
        return given().get("/q/metrics").asString();
    }

    private static double metric(String series) {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /** Waits until the API has answered {@code count} calls since the test began (held ones count once let go). */
    private static void awaitCalls(int count) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (calls() < count && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
    }
}
