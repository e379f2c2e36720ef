package dev.dnevnik.transcription.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dnevnik.transcription.TranscriptionTestSupport.as;
import static dev.dnevnik.transcription.TranscriptionTestSupport.clip;
import static dev.dnevnik.transcription.provider.ProviderStub.PRIMARY_KEY;
import static dev.dnevnik.transcription.provider.ProviderStub.PRIMARY_PATH;
import static dev.dnevnik.transcription.provider.ProviderStub.SECONDARY_KEY;
import static dev.dnevnik.transcription.provider.ProviderStub.SECONDARY_PATH;
import static dev.dnevnik.transcription.provider.ProviderStub.groqTranscription;
import static dev.dnevnik.transcription.provider.ProviderStub.held;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryCalls;
import static dev.dnevnik.transcription.provider.ProviderStub.providerError;
import static dev.dnevnik.transcription.provider.ProviderStub.secondaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.secondaryCalls;
import static dev.dnevnik.transcription.provider.ProviderStub.server;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.testing.CapturedLogs;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** How the service talks to providers and survives their failures. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transcription"))
@WithTestResource(ProviderStub.class)
class TranscriptionProviderTest {

    @Inject
    Pool db;

    @BeforeEach
    void freshProviders() {
        ProviderStub.reset();
    }

    @ParameterizedTest
    @CsvSource({ "speech-3s.wav, audio/wav, wav", "speech.ogg, audio/ogg, ogg", "speech.webm, audio/webm, webm",
            "speech.mp3, audio/mpeg, mp3" })
    void transcribesRealSpeechAndSendsGroqExactlyWhatItExpects(String clip, String mediaType, String extension)
            throws Exception {
        primaryAnswers(groqTranscription());
        UUID user = UUID.randomUUID();
        byte[] audio = Files.readAllBytes(clip(clip));

        Response created = as(user).multiPart("file", clip(clip).toFile(), "application/octet-stream")
                .multiPart("language", "en").multiPart("prompt", "Names: Dnevnik")
                .post("/transcriptions");

        created.then().statusCode(201)
                .header("Location", containsString("/transcriptions/" + created.path("id")))
                .body("text", equalTo(ProviderStub.SPOKEN))
                .body("language", equalTo("en"))
                .body("durationSeconds", equalTo(3.0f))
                .body("segments.size()", equalTo(2))
                .body("segments[1].start", equalTo(1.56f))
                .body("segments[1].text", equalTo("and read a book."))
                .body("provider", equalTo("groq"))
                .body("model", equalTo("whisper-large-v3-turbo"))
                .body("audioFormat", equalTo(extension));
        server().verify(1, postRequestedFor(urlEqualTo(PRIMARY_PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + PRIMARY_KEY))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .withRequestBodyPart(aMultipart().withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"audio." + extension + "\""))
                        .withHeader("Content-Type", containing(mediaType))
                        .withBody(binaryEqualTo(audio)).build())
                .withRequestBodyPart(aMultipart().withName("model").withBody(WireMock.equalTo("whisper-large-v3-turbo")).build())
                .withRequestBodyPart(aMultipart().withName("response_format").withBody(WireMock.equalTo("verbose_json")).build())
                .withRequestBodyPart(aMultipart().withName("temperature").withBody(WireMock.equalTo("0")).build())
                .withRequestBodyPart(aMultipart().withName("language").withBody(WireMock.equalTo("en")).build())
                .withRequestBodyPart(aMultipart().withName("prompt").withBody(WireMock.equalTo("Names: Dnevnik")).build()));
        var row = db.preparedQuery("SELECT user_id, provider, audio_format, audio_bytes FROM transcripts WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(created.path("id")))).await().indefinitely().iterator().next();
        assertEquals(user, row.getUUID("user_id"));
        assertEquals(extension, row.getString("audio_format"));
        assertEquals(audio.length, row.getLong("audio_bytes"));
    }

    @Test
    void streamsALargeRecordingFromDiskWithEveryByteIntact() throws Exception {
        primaryAnswers(groqTranscription());
        // a real WAV header and speech, padded with silence past the size kept in memory
        byte[] speech = Files.readAllBytes(clip("speech-3s.wav"));
        byte[] large = java.util.Arrays.copyOf(speech, 700 * 1024);
        assertTrue(large.length > dev.dnevnik.transcription.audio.AudioFile.IN_MEMORY_LIMIT);

        as(UUID.randomUUID()).header("Idempotency-Key", "large-" + UUID.randomUUID())
                .multiPart("file", "long-note.wav", large, "audio/wav").post("/transcriptions")
                .then().statusCode(201).body("audioFormat", equalTo("wav"));
        server().verify(1, postRequestedFor(urlEqualTo(PRIMARY_PATH))
                .withRequestBodyPart(aMultipart().withName("file").withBody(binaryEqualTo(large)).build()));
    }

    @Test
    void mapsTheDetectedLanguageNameToItsCode() {
        primaryAnswers(groqTranscription());
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("language", equalTo("en"));
    }

    @Test
    void retriesA429OnceAfterTheRetryAfterTheProviderAskedFor() {
        server().stubFor(post(urlEqualTo(PRIMARY_PATH)).inScenario("rate limited").whenScenarioStateIs(STARTED)
                .willReturn(providerError(429, "Rate limit reached for model `whisper-large-v3-turbo`: "
                        + "Limit 20, Used 20, Requested 1. Please try again in 1s.", "requests", "rate_limit_exceeded")
                        .withHeader("retry-after", "1"))
                .willSetStateTo("cooled down"));
        server().stubFor(post(urlEqualTo(PRIMARY_PATH)).inScenario("rate limited").whenScenarioStateIs("cooled down")
                .willReturn(groqTranscription()));
        double retriesBefore = metric("dnevnik_stt_retry_delay_seconds_count{provider=\"groq\"}");
        double waitedBefore = metric("dnevnik_stt_retry_delay_seconds_sum{provider=\"groq\"}");

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("provider", equalTo("groq"));

        assertEquals(2, primaryCalls(), "exactly one retry");
        assertEquals(0, secondaryCalls());
        // the wait the guard chose for that retry: the asked second, not the 50-200 ms backoff of this profile
        assertEquals(1.0, metric("dnevnik_stt_retry_delay_seconds_count{provider=\"groq\"}") - retriesBefore);
        double waited = metric("dnevnik_stt_retry_delay_seconds_sum{provider=\"groq\"}") - waitedBefore;
        assertTrue(waited >= 1.0 && waited <= 1.2, "the retry waited " + waited + " s; retry-after asked for 1 s");
    }

    @Test
    void aRetryAfterLongerThanTheRetryBudgetIsNotWaitedForButPassedToTheClient() {
        primaryAnswers(providerError(429, "Rate limit reached", "requests", "rate_limit_exceeded")
                .withHeader("retry-after", "60"));
        secondaryAnswers(providerError(429, "Rate limit reached", "requests", "rate_limit_exceeded")
                .withHeader("retry-after", "90"));

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "90")
                .body("detail", containsString("rate limiting"));

        assertEquals(1, primaryCalls(), "a minute is longer than the 10 s a retry may wait: not retried");
        assertEquals(1, secondaryCalls(), "the secondary was tried instead, and asked for 90 s");
    }

    @Test
    void retriesAConnectionThatBreaksThenFailsOver() {
        primaryAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        secondaryAnswers(groqTranscription());

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("provider", equalTo("openai"));

        assertEquals(3, primaryCalls(), "the first attempt and two retries");
        assertEquals(1, secondaryCalls());
        assertTrue(metrics().contains("dnevnik_stt_retries_total{cause=\"unavailable\",provider=\"groq\"}"));
    }

    @Test
    void sendsVoiceNotesWithAContentLengthForServersThatCannotReadChunkedBodies() throws Exception {
        // a stand-in for a small self-hosted whisper server: 411 for a chunked body
        server().stubFor(post(urlEqualTo(PRIMARY_PATH)).atPriority(1).withHeader("Content-Length", absent())
                .willReturn(providerError(411, "Length Required", "invalid_request_error", null)));
        server().stubFor(post(urlEqualTo(PRIMARY_PATH)).atPriority(5).withHeader("Content-Length", matching("[0-9]+"))
                .willReturn(groqTranscription()));
        byte[] audio = Files.readAllBytes(clip("speech-3s.wav"));
        assertTrue(audio.length > 64 * 1024, "large enough that a default client would send it chunked");

        as(UUID.randomUUID()).multiPart("file", clip("speech-3s.wav").toFile(), "audio/wav").post("/transcriptions")
                .then().statusCode(201);

        LoggedRequest sent = primaryRequests().get(0);
        assertEquals(null, sent.getHeader("Transfer-Encoding"));
        assertEquals(sent.getBody().length, Integer.parseInt(sent.getHeader("Content-Length")));
        server().verify(1, postRequestedFor(urlEqualTo(PRIMARY_PATH))
                .withRequestBodyPart(aMultipart().withName("file").withBody(binaryEqualTo(audio)).build()));
    }

    @Test
    void failsOverToTheSecondaryWhenThePrimaryKeepsAnswering5xx() {
        primaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
        secondaryAnswers(groqTranscription());

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("provider", equalTo("openai")).body("model", equalTo("whisper-1"));

        assertEquals(3, primaryCalls(), "the first attempt and two retries");
        server().verify(1, postRequestedFor(urlEqualTo(SECONDARY_PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + SECONDARY_KEY))
                .withRequestBodyPart(aMultipart().withName("model").withBody(WireMock.equalTo("whisper-1")).build()));
        assertTrue(metrics().contains("dnevnik_stt_failovers_total{from=\"groq\",to=\"openai\"}"));
    }

    @Test
    void answers503WithRetryAfterWhenNoProviderCanServe() {
        primaryAnswers(providerError(503, "Service Unavailable", "service_unavailable", null));
        secondaryAnswers(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://dnevnik.dev/problems/service-unavailable"))
                .body(not(containsString("Bad Gateway")));
    }

    @Test
    void givesUpOnASlowProviderAtTheTimeoutWithoutRetrying() throws Exception {
        held().hold();
        primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
        secondaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));

        // both providers' answers are still held when the client is answered: only the timeouts can have ended it
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(504)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://dnevnik.dev/problems/gateway-timeout"));

        assertEquals(2, held().waiting(), "neither provider has answered");
        held().release();
        awaitCalls(2);
        assertEquals(1, primaryCalls(), "a timed-out call is not retried");
        assertEquals(1, secondaryCalls(), "the secondary got its chance");
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndThenFailsFastWithoutCallingTheProvider() {
        primaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
        secondaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
        for (int i = 0; i < 2; i++) {
            as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                    .then().statusCode(503);
        }
        int primaryBefore = primaryCalls();
        int secondaryBefore = secondaryCalls();

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(503)
                .header("Retry-After", "30")
                .body("detail", containsString("paused"));

        assertEquals(primaryBefore, primaryCalls(), "short-circuited: the primary was not called");
        assertEquals(secondaryBefore, secondaryCalls(), "short-circuited: the secondary was not called");
        assertTrue(metrics().contains("dnevnik_stt_circuit_state{provider=\"groq\"} 2.0"), "the open state is exported");
    }

    @Test
    void reportsRefusedCredentialsAs502WithoutRetryingOrLeakingTheBody() {
        primaryAnswers(providerError(401, "Invalid API Key", "invalid_request_error", "invalid_api_key"));

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/transcription/provider-credentials"))
                .body("detail", containsString("STT_PRIMARY_API_KEY"))
                .body(not(containsString("invalid_request_error")))
                .body(not(containsString(PRIMARY_KEY)));

        assertEquals(1, primaryCalls(), "a 401 is never retried");
        assertEquals(0, secondaryCalls(), "bad credentials are not a reason to fail over");
    }

    @Test
    void passesTheProvidersReasonOnWhenItRejectsTheAudio() {
        primaryAnswers(providerError(400, "could not process file - is it a valid media file?",
                "invalid_request_error", null));

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(422)
                .body("type", equalTo("https://dnevnik.dev/problems/transcription/audio-rejected"))
                .body("detail", equalTo("The speech-to-text provider rejected the audio: "
                        + "could not process file - is it a valid media file?"));
        assertEquals(1, primaryCalls());
    }

    @Test
    void anIdempotentReplayNeverCallsTheProviderAgain() {
        primaryAnswers(groqTranscription());
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        Response first = as(user).header("Idempotency-Key", key)
                .multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions");
        Response replay = as(user).header("Idempotency-Key", key)
                .multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions");

        first.then().statusCode(201);
        replay.then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first.path("id")));
        assertEquals(1, primaryCalls(), "exactly one provider call");
        as(user).header("Idempotency-Key", key).multiPart("file", clip("speech.mp3").toFile(), "audio/mpeg")
                .post("/transcriptions").then().statusCode(422)
                .body("type", equalTo("https://dnevnik.dev/problems/idempotency-key-reused"));
        assertEquals(1, primaryCalls());
        assertEquals(1L, db.preparedQuery("SELECT count(*) FROM transcripts WHERE user_id = $1")
                .execute(Tuple.of(user)).await().indefinitely().iterator().next().getLong(0));
    }

    @Test
    void capsCallsInFlightAndTurnsTheExcessAwayWith503() throws Exception {
        // test profile: 3 calls in flight + 2 queued per provider; 11 at once overflow both providers by one
        held().hold();
        primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
        secondaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
        double rejectedBefore = metric("dnevnik_stt_bulkhead_rejected_total{provider=\"openai\"}");
        ExecutorService clients = Executors.newFixedThreadPool(11);
        try {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> as(UUID.randomUUID())
                        .multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions"), clients));
            }
            // while every admitted call is held: 3 in flight at each provider, the rest queued, one turned away
            Response refused = CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new))
                    .thenApply(Response.class::cast).join();
            refused.then().statusCode(503).header("Retry-After", "5")
                    .body("detail", containsString("Too many transcriptions"));
            held().awaitWaiting(6, Duration.ofSeconds(5));
            assertTrue(metrics().contains("dnevnik_stt_upstream_in_flight{provider=\"groq\"} 3.0"));
            assertTrue(metrics().contains("dnevnik_stt_upstream_in_flight{provider=\"openai\"} 3.0"));
            assertEquals(1.0, metric("dnevnik_stt_bulkhead_rejected_total{provider=\"openai\"}") - rejectedBefore);

            held().release();
            List<Response> responses = calls.stream().map(CompletableFuture::join).toList();
            assertEquals(10, responses.stream().filter(r -> r.statusCode() == 201).count());
            assertEquals(1, responses.stream().filter(r -> r.statusCode() == 503).count());
        } finally {
            held().release();
            clients.shutdown();
        }
        assertEquals(5, primaryCalls());
        assertEquals(5, secondaryCalls());
    }

    @Test
    void neverLogsTheApiKeyOrTheAudio() throws Exception {
        byte[] marked = Files.readAllBytes(clip("speech.ogg"));
        String marker = "AUDIO-BYTES-MUST-NOT-BE-LOGGED";
        byte[] audio = java.util.Arrays.copyOf(marked, marked.length + marker.length());
        System.arraycopy(marker.getBytes(), 0, audio, marked.length, marker.length());
        try (CapturedLogs logs = CapturedLogs.capture("dev.dnevnik", "io.quarkus.rest.client",
                "org.jboss.resteasy.reactive.client", "io.smallrye.faulttolerance")) {
            primaryAnswers(providerError(401, "Invalid API Key " + PRIMARY_KEY, "invalid_request_error", "invalid_api_key"));
            as(UUID.randomUUID()).multiPart("file", "note.ogg", audio, "audio/ogg").post("/transcriptions")
                    .then().statusCode(502);

            server().resetAll();
            primaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
            secondaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
            as(UUID.randomUUID()).multiPart("file", "note.ogg", audio, "audio/ogg").post("/transcriptions")
                    .then().statusCode(503);

            ProviderStub.reset();
            held().hold();
            primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
            secondaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
            as(UUID.randomUUID()).multiPart("file", "note.ogg", audio, "audio/ogg").post("/transcriptions")
                    .then().statusCode(504);

            String logged = logs.text();
            assertTrue(logged.contains("failing over"), "the failures were logged: " + logged);
            for (String secret : new String[] { PRIMARY_KEY, SECONDARY_KEY, marker, "Bearer " }) {
                assertTrue(!logged.contains(secret), "'" + secret + "' appeared in the logs:\n" + logged);
            }
        }
    }

    @Test
    void exportsTheProvidersRateLimitHeadersAndOutcomes() {
        primaryAnswers(groqTranscription());
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201);

        String metrics = metrics();
        assertTrue(metrics.contains("dnevnik_stt_ratelimit{limit=\"remaining-requests\",provider=\"groq\"} 1999.0"));
        assertTrue(metrics.contains("dnevnik_stt_ratelimit{limit=\"reset-requests\",provider=\"groq\"} 43.2"));
        assertTrue(metrics.contains("dnevnik_transcriptions_total{outcome=\"success\",provider=\"groq\"}"));
        assertTrue(metrics.contains("dnevnik_transcribed_audio_seconds_total{provider=\"groq\"}"));
        assertTrue(metrics.contains("dnevnik_stt_upstream_duration_seconds_count{outcome=\"success\",provider=\"groq\"}"));
        assertTrue(metrics.contains("dnevnik_stt_upstream_in_flight{provider=\"groq\"} 0.0"));
    }

    private static List<LoggedRequest> primaryRequests() {
        List<LoggedRequest> requests = new ArrayList<>(server().findAll(postRequestedFor(urlEqualTo(PRIMARY_PATH))));
        requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return requests;
    }

    private static String metrics() {
        return given().get("/q/metrics").asString();
    }

    /** Waits until the providers have answered {@code count} calls since the test began (held ones count once let go). */
    private static void awaitCalls(int count) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (primaryCalls() + secondaryCalls() < count && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
    }

    /** The current value of one Prometheus series, 0 when absent. */
    private static double metric(String series) {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

}
