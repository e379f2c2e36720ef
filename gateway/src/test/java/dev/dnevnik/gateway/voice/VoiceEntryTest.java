package dev.dnevnik.gateway.voice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A recording becomes a voice entry, and a retry after a failure between the two steps repeats neither. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class VoiceEntryTest {

    private static final byte[] AUDIO = "OggS\0\2fake-but-small-ogg-audio".getBytes();
    private static final String TRANSCRIPT = """
            {"id":"0193f1d2-aaaa-7000-8000-0000000000aa","text":" Сегодня гуляли в парке. ","language":"ru",
             "durationSeconds":3.0,"provider":"groq","model":"whisper-large-v3-turbo","segments":[]}""";
    private static final String ENTRY = """
            {"id":"0193f1d2-eeee-7000-8000-0000000000ee","title":"Прогулка","body":"Сегодня гуляли в парке.",
             "source":"voice","transcriptId":"0193f1d2-aaaa-7000-8000-0000000000aa","version":1}""";

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDirectory;

    @BeforeEach
    void reset() {
        DownstreamStub.reset();
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(TRANSCRIPT)));
    }

    @Test
    void transcribesTheRecordingAndCreatesAVoiceEntry() {
        server().stubFor(post("/entries").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("ETag", "\"1\"").withBody(ENTRY)));
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(user);

        io.restassured.RestAssured.given().header("Authorization", "Bearer " + token)
                .header("Time-Zone", "Europe/Kyiv")
                .multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder("Прогулка").controlName("title")
                        .mimeType("text/plain").charset("UTF-8").build())
                .multiPart("tags", "walks, park")
                .multiPart("entry_date", "2026-03-01")
                .multiPart("language", "ru")
                .post("/api/voice-entries")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/entries/0193f1d2-eeee-7000-8000-0000000000ee"))
                .header("ETag", "\"1\"")
                .body("source", org.hamcrest.Matchers.equalTo("voice"))
                .body("transcriptId", org.hamcrest.Matchers.equalTo("0193f1d2-aaaa-7000-8000-0000000000aa"));

        server().verify(postRequestedFor(urlEqualTo("/transcriptions"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBodyPart(aMultipart("file").withHeader("Content-Type", containing("audio/ogg")).build())
                .withRequestBodyPart(aMultipart("language").withBody(equalTo("ru")).build()));
        server().verify(postRequestedFor(urlEqualTo("/entries"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Time-Zone", equalTo("Europe/Kyiv"))
                .withRequestBody(equalToJson("""
                        {"title":"Прогулка","body":"Сегодня гуляли в парке.","tags":["walks","park"],"source":"voice",
                         "transcriptId":"0193f1d2-aaaa-7000-8000-0000000000aa","language":"ru","entryDate":"2026-03-01"}""")));
    }

    @Test
    void aRetryAfterTheDiaryFailedReusesTheTranscriptAndCreatesOneEntry() {
        // first attempt: the diary is briefly unavailable (503 is not retried by the gateway); then it recovers
        server().stubFor(post("/entries").inScenario("diary").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/problem+json")
                        .withHeader("Retry-After", "1")
                        .withBody("{\"type\":\"https://dnevnik.dev/problems/service-unavailable\",\"status\":503}"))
                .willSetStateTo("up"));
        server().stubFor(post("/entries").inScenario("diary").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(ENTRY)));
        UUID user = UUID.randomUUID();

        as(user).header("Idempotency-Key", "client-key-1").multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .post("/api/voice-entries").then().statusCode(503).header("Retry-After", "1")
                .contentType("application/problem+json");
        as(user).header("Idempotency-Key", "client-key-1").multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .post("/api/voice-entries").then().statusCode(201);

        List<LoggedRequest> transcriptions = server().findAll(postRequestedFor(urlEqualTo("/transcriptions")));
        List<LoggedRequest> entries = server().findAll(postRequestedFor(urlEqualTo("/entries")));
        assertEquals(2, transcriptions.size());
        assertEquals(2, entries.size());
        // the same step keys both times: transcription-service replays its stored transcript (no second provider
        // call), diary-service creates the entry once
        String transcriptionKey = transcriptions.get(0).getHeader("Idempotency-Key");
        assertEquals(transcriptionKey, transcriptions.get(1).getHeader("Idempotency-Key"));
        assertEquals(entries.get(0).getHeader("Idempotency-Key"), entries.get(1).getHeader("Idempotency-Key"));
        org.junit.jupiter.api.Assertions.assertNotEquals(transcriptionKey, entries.get(0).getHeader("Idempotency-Key"));
        org.junit.jupiter.api.Assertions.assertTrue(transcriptionKey.startsWith("voice-entry-"));
        // and the same content: the services see the same request again, which is what makes their replay valid
        org.junit.jupiter.api.Assertions.assertArrayEquals(entries.get(0).getBody(), entries.get(1).getBody());
        org.junit.jupiter.api.Assertions.assertArrayEquals(transcriptions.get(0).getPart("file").getBody().asBytes(),
                transcriptions.get(1).getPart("file").getBody().asBytes());

        // another client key gives other step keys
        as(user).header("Idempotency-Key", "client-key-2").multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .post("/api/voice-entries").then().statusCode(201);
        org.junit.jupiter.api.Assertions.assertNotEquals(transcriptionKey, server()
                .findAll(postRequestedFor(urlEqualTo("/transcriptions"))).get(2).getHeader("Idempotency-Key"));
    }

    @Test
    void theTranscriptionsProblemReachesTheClientAndNoEntryIsCreated() {
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://dnevnik.dev/problems/transcription/provider-rejected\",\"status\":422,"
                        + "\"detail\":\"The provider could not decode the audio\"}")));
        as(UUID.randomUUID()).multiPart("file", "note.ogg", AUDIO, "audio/ogg").post("/api/voice-entries")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("The provider could not decode the audio"));
        server().verify(0, postRequestedFor(urlEqualTo("/entries")));
    }

    @Test
    void silenceIsNotSavedAsAnEntry() {
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"0193f1d2-aaaa-7000-8000-0000000000ab\",\"text\":\"  \",\"language\":null}")));
        as(UUID.randomUUID()).multiPart("file", "note.ogg", AUDIO, "audio/ogg").post("/api/voice-entries")
                .then().statusCode(422).body("type", containsString("voice/no-speech"));
        server().verify(0, postRequestedFor(urlEqualTo("/entries")));
    }

    @Test
    void refusesARequestWithoutARecordingOrWithAnUnusableKeyBeforeCallingAnyService() {
        UUID user = UUID.randomUUID();
        as(user).multiPart("title", "no file").post("/api/voice-entries").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("file"));
        as(user).header("Idempotency-Key", "has spaces").multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .post("/api/voice-entries").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("Idempotency-Key"));
        io.restassured.RestAssured.given().multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .post("/api/voice-entries").then().statusCode(401);
        assertEquals(0, server().findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void theEntrysFieldsAreCheckedByTheDiaryAndACorrectedRetryIsNotTranscribedAgain() {
        String invalidTitle = """
                {"type":"https://dnevnik.dev/problems/validation","status":400,"detail":"title size must be between 0 and 200",
                 "errors":[{"field":"title","message":"size must be between 0 and 200"}]}""";
        server().stubFor(post("/entries").withRequestBody(containing("\"title\":\"xxxx")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                        .withBody(invalidTitle)));
        server().stubFor(post("/entries").atPriority(5).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(ENTRY)));
        UUID user = UUID.randomUUID();

        as(user).header("Idempotency-Key", "fix-and-retry").multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .multiPart("title", "x".repeat(201)).post("/api/voice-entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("title"));
        as(user).header("Idempotency-Key", "fix-and-retry").multiPart("file", "note.ogg", AUDIO, "audio/ogg")
                .multiPart("title", "Прогулка").post("/api/voice-entries").then().statusCode(201);

        List<LoggedRequest> transcriptions = server().findAll(postRequestedFor(urlEqualTo("/transcriptions")));
        assertEquals(2, transcriptions.size());
        // the same key for the same recording: transcription-service answers the retry from its stored transcript
        assertEquals(transcriptions.get(0).getHeader("Idempotency-Key"),
                transcriptions.get(1).getHeader("Idempotency-Key"));
    }

    @Test
    void leavesNoUploadBehind() throws Exception {
        server().stubFor(post("/entries").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(ENTRY)));
        as(UUID.randomUUID()).multiPart("file", "note.ogg", AUDIO, "audio/ogg").post("/api/voice-entries")
                .then().statusCode(201);
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":422}")));
        as(UUID.randomUUID()).multiPart("file", "note.ogg", AUDIO, "audio/ogg").post("/api/voice-entries")
                .then().statusCode(422);

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (!uploads().isEmpty() && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), uploads(), "uploaded recordings are deleted when their request ends");
    }

    private List<java.nio.file.Path> uploads() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(uploadsDirectory);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.toList();
        }
    }
}
