package dev.dnevnik.transcription.transcript;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dnevnik.transcription.TranscriptionTestSupport.as;
import static dev.dnevnik.transcription.TranscriptionTestSupport.clip;
import static dev.dnevnik.transcription.TranscriptionTestSupport.part;
import static dev.dnevnik.transcription.provider.ProviderStub.PRIMARY_KEY;
import static dev.dnevnik.transcription.provider.ProviderStub.PRIMARY_PATH;
import static dev.dnevnik.transcription.provider.ProviderStub.SECONDARY_KEY;
import static dev.dnevnik.transcription.provider.ProviderStub.SECONDARY_PATH;
import static dev.dnevnik.transcription.provider.ProviderStub.groqTranscription;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryCalls;
import static dev.dnevnik.transcription.provider.ProviderStub.providerError;
import static dev.dnevnik.transcription.provider.ProviderStub.secondaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.secondaryCalls;
import static dev.dnevnik.transcription.provider.ProviderStub.server;
import static dev.dnevnik.testing.PostgresTestResource.queryLong;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestKeysResource;
import dev.dnevnik.testing.TestTokens;
import dev.dnevnik.transcription.provider.PackagedProviderStub;
import dev.dnevnik.transcription.provider.ProviderStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * transcription-service's main flows against the packaged service (the runnable jar, or the native executable under
 * {@code -Dnative}), with WireMock in place of the two providers: the multipart REST client and its JSON, the
 * JSONB timeline, retries, failover and the circuit breaker, upload limits, Idempotency-Key replay, JWT
 * verification, metrics, health and OpenAPI.
 *
 * <p>
 * The methods run in order: the last one opens the primary's circuit, which stays open (see
 * {@link PackagedProviderStub}).
 */
@QuarkusIntegrationTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transcription"))
@WithTestResource(TestKeysResource.class)
@WithTestResource(PackagedProviderStub.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TranscriptionFlowsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEMS = "https://dnevnik.dev/problems/";
    private static final byte[] NOT_AUDIO = "RIFF? no, this is a text file pretending to be audio"
            .getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void freshProviders() {
        // what ProviderStub.reset() does, but the circuits: they live in the packaged service
        ProviderStub.held().releaseAndSettle(server());
        server().resetAll();
        primaryAnswers(groqTranscription());
    }

    @Test
    @Order(1)
    void aRealRecordingIsTranscribedByThePrimaryAndStored() throws Exception {
        UUID user = UUID.randomUUID();
        byte[] audio = Files.readAllBytes(clip("speech.ogg"));

        Response created = as(user).multiPart("file", clip("speech.ogg").toFile(), "application/octet-stream")
                .multiPart("language", "en").multiPart("prompt", "Names: Dnevnik")
                .post("/transcriptions");

        created.then().statusCode(201)
                .contentType("application/json")
                .header("Location", containsString("/transcriptions/" + created.path("id")))
                .body("text", equalTo(ProviderStub.SPOKEN))
                .body("language", equalTo("en"))
                .body("durationSeconds", equalTo(3.0f))
                .body("segments.size()", equalTo(2))
                .body("segments[1].start", equalTo(1.56f))
                .body("segments[1].end", equalTo(3.0f))
                .body("segments[1].text", equalTo("and read a book."))
                .body("provider", equalTo("groq"))
                .body("model", equalTo("whisper-large-v3-turbo"))
                .body("audioFormat", equalTo("ogg"))
                .body("createdAt", notNullValue());
        server().verify(1, postRequestedFor(urlEqualTo(PRIMARY_PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + PRIMARY_KEY))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .withRequestBodyPart(aMultipart().withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"audio.ogg\""))
                        .withHeader("Content-Type", containing("audio/ogg"))
                        .withBody(binaryEqualTo(audio)).build())
                .withRequestBodyPart(aMultipart().withName("model").withBody(WireMock.equalTo("whisper-large-v3-turbo")).build())
                .withRequestBodyPart(aMultipart().withName("response_format").withBody(WireMock.equalTo("verbose_json")).build())
                .withRequestBodyPart(aMultipart().withName("temperature").withBody(WireMock.equalTo("0")).build())
                .withRequestBodyPart(aMultipart().withName("language").withBody(WireMock.equalTo("en")).build())
                .withRequestBodyPart(aMultipart().withName("prompt").withBody(WireMock.equalTo("Names: Dnevnik")).build()));
        assertEquals(0, secondaryCalls());

        String id = created.path("id");
        try (Connection db = PostgresTestResource.connect();
                PreparedStatement select = db.prepareStatement("""
                        SELECT user_id, text, provider, model, audio_format, audio_bytes,
                               jsonb_array_length(timeline -> 'segments') AS segments,
                               timeline -> 'segments' -> 0 ->> 'text' AS first_segment
                          FROM transcripts WHERE id = ?""")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the transcript is stored");
                assertEquals(user, row.getObject("user_id"));
                assertEquals(ProviderStub.SPOKEN, row.getString("text"));
                assertEquals("groq", row.getString("provider"));
                assertEquals("ogg", row.getString("audio_format"));
                assertEquals(audio.length, row.getLong("audio_bytes"));
                assertEquals(2, row.getInt("segments"));
                assertEquals("Today I walked in the park", row.getString("first_segment"));
            }
        }

        as(user).get("/transcriptions/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("text", equalTo(ProviderStub.SPOKEN))
                .body("segments.text", contains("Today I walked in the park", "and read a book."))
                .body("createdAt", equalTo(created.path("createdAt")));
        as(user).get("/transcriptions").then().statusCode(200)
                .body("items.id", contains(id))
                .body("items[0].segments", nullValue())
                .body("items[0].durationSeconds", equalTo(3.0f))
                .body("next", nullValue());
        as(user).get("/transcriptions/stats").then().statusCode(200)
                .body("days", equalTo(7)).body("transcripts", equalTo(1)).body("audioSeconds", equalTo(3.0f));
    }

    @Test
    @Order(2)
    void aRecordingLargerThanAChunkIsSentWithItsContentLengthAndEveryByte() throws Exception {
        byte[] audio = Files.readAllBytes(clip("speech-3s.wav"));
        assertTrue(audio.length > 64 * 1024);

        as(UUID.randomUUID()).multiPart("file", clip("speech-3s.wav").toFile(), "audio/wav").post("/transcriptions")
                .then().statusCode(201).body("audioFormat", equalTo("wav"));

        var sent = server().findAll(postRequestedFor(urlEqualTo(PRIMARY_PATH))).get(0);
        assertEquals(null, sent.getHeader("Transfer-Encoding"));
        assertEquals(sent.getBody().length, Integer.parseInt(sent.getHeader("Content-Length")));
        server().verify(1, postRequestedFor(urlEqualTo(PRIMARY_PATH))
                .withRequestBodyPart(aMultipart().withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"audio.wav\""))
                        .withBody(binaryEqualTo(audio)).build()));
    }

    @Test
    @Order(3)
    void theLanguageTheProviderNamesIsStoredAsItsIsoCode() {
        primaryAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"task":"transcribe","language":"ukrainian","duration":1.5,"text":" Добрий день",
                         "segments":[{"id":0,"start":0.0,"end":1.5,"text":" Добрий день"}]}"""));

        as(UUID.randomUUID()).multiPart("file", clip("speech.mp3").toFile(), "audio/mpeg").post("/transcriptions")
                .then().statusCode(201)
                .body("language", equalTo("uk"))
                .body("text", equalTo("Добрий день"))
                .body("audioFormat", equalTo("mp3"));
    }

    @Test
    @Order(4)
    void aBatchReportsEachFileOnItsOwn() {
        UUID user = UUID.randomUUID();

        as(user).multiPart("files", clip("speech.webm").toFile(), "audio/webm")
                .multiPart(part("files", "shopping-list.txt", "audio/ogg", NOT_AUDIO))
                .multiPart("language", "en")
                .post("/transcriptions/batch")
                .then().statusCode(200)
                .body("results.index", contains(0, 1))
                .body("results.status", contains(201, 415))
                .body("results[0].fileName", equalTo("speech.webm"))
                .body("results[0].transcript.text", equalTo(ProviderStub.SPOKEN))
                .body("results[0].transcript.segments.size()", equalTo(2))
                .body("results[0].transcript.audioFormat", equalTo("webm"))
                .body("results[0].problem", nullValue())
                .body("results[1].fileName", equalTo("shopping-list.txt"))
                .body("results[1].transcript", nullValue())
                .body("results[1].problem.type", equalTo(PROBLEMS + "unsupported-media-type"))
                .body("results[1].problem.status", equalTo(415));
        assertEquals(1, primaryCalls());
        assertEquals(1, queryLong("SELECT count(*) FROM transcripts WHERE user_id = ?", user));
    }

    @Test
    @Order(5)
    void a429IsRetriedAfterTheWaitTheProviderAskedFor() {
        server().resetAll();
        server().stubFor(post(urlEqualTo(PRIMARY_PATH)).inScenario("rate limited").whenScenarioStateIs(STARTED)
                .willReturn(providerError(429, "Rate limit reached for model `whisper-large-v3-turbo`. "
                        + "Please try again in 1s.", "requests", "rate_limit_exceeded")
                        .withHeader("retry-after", "1"))
                .willSetStateTo("cooled down"));
        server().stubFor(post(urlEqualTo(PRIMARY_PATH)).inScenario("rate limited").whenScenarioStateIs("cooled down")
                .willReturn(groqTranscription()));
        String before = metrics();

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("provider", equalTo("groq"));

        assertEquals(2, primaryCalls(), "exactly one retry");
        assertEquals(0, secondaryCalls());
        String after = metrics();
        String count = "dnevnik_stt_retry_delay_seconds_count{provider=\"groq\"}";
        String sum = "dnevnik_stt_retry_delay_seconds_sum{provider=\"groq\"}";
        assertEquals(1.0, metric(after, count) - metric(before, count));
        double waited = metric(after, sum) - metric(before, sum);
        assertTrue(waited >= 1.0 && waited <= 1.2, "the retry waited " + waited + " s; retry-after asked for 1 s");
        assertEquals(1.0, metric(after, "dnevnik_stt_retries_total{cause=\"rate_limited\",provider=\"groq\"}")
                - metric(before, "dnevnik_stt_retries_total{cause=\"rate_limited\",provider=\"groq\"}"));
    }

    @Test
    @Order(6)
    void somethingThatIsNotAudioIsA415Problem() {
        UUID user = UUID.randomUUID();
        as(user).multiPart(part("file", "voice.wav", "audio/wav", NOT_AUDIO)).post("/transcriptions")
                .then().statusCode(415)
                .contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "unsupported-media-type"))
                .body("status", equalTo(415))
                .body("instance", equalTo("/transcriptions"));
        as(user).multiPart("language", "en").post("/transcriptions").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("file"));
        assertEquals(0, primaryCalls());
        assertEquals(0, queryLong("SELECT count(*) FROM transcripts WHERE user_id = ?", user));
    }

    @Test
    @Order(7)
    void aFileOverTheLimitIsRefusedBeforeAnyProviderIsAsked() throws Exception {
        UUID user = UUID.randomUUID();
        // a request over the upload limit, sent whole as a client does: refused from its Content-Length (the server
        // may close while the body is still being written; RawHttp reads the answer all the same)
        String boundary = "oversize-upload";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.wav\""
                + "\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(wavOf(2 * PackagedProviderStub.MAX_FILE_BYTES));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST /transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.user(user)
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.size()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeTo(request);

        RawHttp.Answer answer = RawHttp.send("localhost", RestAssured.port, request.toByteArray(), Duration.ofSeconds(20));

        assertEquals(413, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertTrue(answer.body().contains("\"type\":\"" + PROBLEMS + "payload-too-large\""), answer.body());
        // within the request limit but over the file limit: refused once read
        as(user).multiPart(part("file", "long.wav", "audio/wav", wavOf(PackagedProviderStub.MAX_FILE_BYTES + 1000)))
                .post("/transcriptions")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "payload-too-large"))
                .body("detail", containsString("at most " + PackagedProviderStub.MAX_FILE_BYTES));
        assertEquals(0, primaryCalls());
        assertEquals(0, queryLong("SELECT count(*) FROM transcripts WHERE user_id = ?", user));
    }

    @Test
    @Order(8)
    void invalidOptionsAreA400ProblemNamingEachField() {
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg")
                .multiPart("language", "russian").multiPart("prompt", "x".repeat(1001)).post("/transcriptions")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "validation"))
                .body("errors.field", containsInAnyOrder("language", "prompt"));
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg")
                .multiPart("prompt", "names\u0000").post("/transcriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("prompt"))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
        as(UUID.randomUUID()).queryParam("cursor", "not-a-cursor").get("/transcriptions").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        assertEquals(0, primaryCalls());
    }

    @Test
    @Order(9)
    void aRetryWithTheSameIdempotencyKeyReplaysTheTranscriptWithOneProviderCall() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        Response first = as(user).header("Idempotency-Key", key)
                .multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions");
        Response replay = as(user).header("Idempotency-Key", key)
                .multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions");

        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        replay.then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .body("id", equalTo(first.path("id")))
                .body("segments.text", contains("Today I walked in the park", "and read a book."))
                .body("createdAt", equalTo(first.path("createdAt")));
        assertEquals(1, primaryCalls(), "exactly one provider call");
        assertEquals(1, queryLong("SELECT count(*) FROM transcripts WHERE user_id = ?", user));
        assertEquals(1, queryLong("""
                SELECT count(*) FROM idempotency_keys
                 WHERE owner = ? AND idem_key = ? AND state = 'completed' AND response_status = 201""",
                user.toString(), key));

        as(user).header("Idempotency-Key", key).multiPart("file", clip("speech.mp3").toFile(), "audio/mpeg")
                .post("/transcriptions").then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "idempotency-key-reused"));
        assertEquals(1, primaryCalls());
    }

    @Test
    @Order(10)
    void onlyAValidTokenGetsInAndOnlyTheOwnerSeesATranscript() {
        given().multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo(PROBLEMS + "unauthorized"));
        UUID user = UUID.randomUUID();
        for (String token : new String[] { TestTokens.expired(user), TestTokens.forged(user), "not.a.jwt" }) {
            given().auth().oauth2(token).get("/transcriptions").then().statusCode(401).contentType(PROBLEM)
                    .body("type", equalTo(PROBLEMS + "unauthorized"));
        }
        assertEquals(0, primaryCalls());

        UUID owner = UUID.randomUUID();
        String id = as(owner).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).extract().path("id");
        as(user).get("/transcriptions/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "not-found"));
        as(user).delete("/transcriptions/" + id).then().statusCode(404);
        as(user).get("/transcriptions").then().statusCode(200).body("items.id", not(hasItem(id)));

        as(owner).delete("/transcriptions/" + id).then().statusCode(204);
        as(owner).get("/transcriptions/" + id).then().statusCode(404);
        assertEquals(0, queryLong("SELECT count(*) FROM transcripts WHERE user_id = ?", owner));
    }

    @Test
    @Order(11)
    void exportsOutcomesRateLimitsAndProviderCallsAsMetrics() {
        String before = metrics();
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201);
        as(UUID.randomUUID()).multiPart(part("file", "x.ogg", "audio/ogg", NOT_AUDIO)).post("/transcriptions")
                .then().statusCode(415);

        String after = metrics();
        String success = "dnevnik_transcriptions_total{outcome=\"success\",provider=\"groq\"}";
        String invalid = "dnevnik_transcriptions_total{outcome=\"invalid_input\",provider=\"none\"}";
        String audio = "dnevnik_transcribed_audio_seconds_total{provider=\"groq\"}";
        String calls = "dnevnik_stt_upstream_duration_seconds_count{outcome=\"success\",provider=\"groq\"}";
        assertEquals(1.0, metric(after, success) - metric(before, success));
        assertEquals(1.0, metric(after, invalid) - metric(before, invalid));
        assertEquals(3.0, metric(after, audio) - metric(before, audio), 0.001);
        assertEquals(1.0, metric(after, calls) - metric(before, calls));
        assertTrue(after.contains("dnevnik_stt_ratelimit{limit=\"remaining-requests\",provider=\"groq\"} 1999.0"), after);
        assertTrue(after.contains("dnevnik_stt_ratelimit{limit=\"reset-requests\",provider=\"groq\"} 43.2"));
        assertTrue(after.contains("dnevnik_stt_upstream_in_flight{provider=\"groq\"} 0.0"));
        assertTrue(after.contains("dnevnik_stt_circuit_state{provider=\"openai\"} 0.0"), "both providers' gauges");
    }

    @Test
    @Order(12)
    void isReadyAndDescribesItsApi() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Dnevnik transcription-service"))
                .body("paths.'/transcriptions'.post.summary", equalTo("Transcribe a recording"))
                .body("paths.'/transcriptions'.post.responses.'415'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/transcriptions/batch'.post.operationId", equalTo("createTranscriptionBatch"))
                .body("components.schemas.Problem.properties.errors.type", equalTo("array"))
                .body("components.securitySchemes.jwt.scheme", equalTo("bearer"));
    }

    /** Opens the primary's circuit for the rest of the run: keep it last. */
    @Test
    @Order(100)
    void thePrimaryFailingOverAndOverHandsTranscriptionsToTheSecondaryThenItsCircuitOpens() {
        primaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
        secondaryAnswers(groqTranscription());
        String before = metrics();

        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("provider", equalTo("openai")).body("model", equalTo("whisper-1"));

        assertEquals(PackagedProviderStub.CIRCUIT_VOLUME, primaryCalls(), "the first attempt and two retries");
        server().verify(1, postRequestedFor(urlEqualTo(SECONDARY_PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + SECONDARY_KEY))
                .withRequestBodyPart(aMultipart().withName("model").withBody(WireMock.equalTo("whisper-1")).build())
                .withRequestBodyPart(aMultipart().withName("response_format").withBody(WireMock.equalTo("verbose_json")).build()));
        String afterFailover = metrics();
        String failovers = "dnevnik_stt_failovers_total{from=\"groq\",to=\"openai\"}";
        assertEquals(1.0, metric(afterFailover, failovers) - metric(before, failovers));
        assertEquals(2.0, metric(afterFailover, "dnevnik_stt_circuit_state{provider=\"groq\"}"),
                "three failures in a row opened the primary's circuit");

        // the open circuit fails fast: the primary is not called, the secondary serves
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("provider", equalTo("openai"));
        assertEquals(PackagedProviderStub.CIRCUIT_VOLUME, primaryCalls(), "short-circuited: the primary was not called");
        assertEquals(2, secondaryCalls());

        // and when the secondary fails too, the client is told to come back, without the providers' internals
        secondaryAnswers(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(503)
                .contentType(PROBLEM)
                .header("Retry-After", notNullValue())
                .body("type", equalTo(PROBLEMS + "service-unavailable"))
                .body(not(containsString("Bad Gateway")));
        String after = metrics();
        String unavailable = "dnevnik_transcriptions_total{outcome=\"unavailable\",provider=\"openai\"}";
        assertEquals(1.0, metric(after, unavailable) - metric(before, unavailable));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The current value of one Prometheus series, 0 when absent. */
    private static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /** A valid WAV header followed by silence: real audio of the given size. */
    private static byte[] wavOf(int size) {
        byte[] wav = new byte[size];
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(size - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(size - 44);
        return wav;
    }
}
