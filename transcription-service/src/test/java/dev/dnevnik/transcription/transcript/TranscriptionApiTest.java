package dev.dnevnik.transcription.transcript;

import static dev.dnevnik.transcription.TranscriptionTestSupport.as;
import static dev.dnevnik.transcription.TranscriptionTestSupport.clip;
import static dev.dnevnik.transcription.TranscriptionTestSupport.part;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.dnevnik.transcription.provider.ProviderStub.groqTranscription;
import static dev.dnevnik.transcription.provider.ProviderStub.held;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryCalls;
import static dev.dnevnik.transcription.provider.ProviderStub.providerError;
import static dev.dnevnik.transcription.provider.ProviderStub.secondaryAnswers;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestTokens;
import dev.dnevnik.transcription.provider.ProviderStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The transcription API as a client sees it: input checks, batches, ownership, pages, cleanup. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transcription"))
@WithTestResource(ProviderStub.class)
class TranscriptionApiTest {

    private static final byte[] NOT_AUDIO = "RIFF? no, this is a text file pretending to be audio".getBytes(StandardCharsets.UTF_8);

    @Inject
    Pool db;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploads;

    @TestHTTPResource("/transcriptions")
    java.net.URL transcriptionsUrl;

    @BeforeEach
    void providerAnswers() {
        ProviderStub.reset();
        primaryAnswers(groqTranscription());
    }

    @Test
    void requiresAToken() {
        given().multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired(UUID.randomUUID())).get("/transcriptions").then().statusCode(401);
    }

    @Test
    void refusesAMissingOrEmptyFileWith400() {
        UUID user = UUID.randomUUID();
        as(user).multiPart("language", "en").post("/transcriptions").then().statusCode(400)
                .body("errors[0].field", equalTo("file"));
        as(user).multiPart(part("file", "empty.ogg", "audio/ogg", new byte[0])).post("/transcriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("file"))
                .body("detail", containsString("empty"));
        assertEquals(0, primaryCalls());
    }

    @Test
    void judgesTheFormatByItsBytesNotItsNameOrDeclaredType() throws IOException {
        UUID user = UUID.randomUUID();
        as(user).multiPart(part("file", "voice.wav", "audio/wav", NOT_AUDIO)).post("/transcriptions")
                .then().statusCode(415)
                .body("type", equalTo("https://dnevnik.dev/problems/unsupported-media-type"));
        // the opposite lie is fine: real Opus audio declared as a text file named .txt
        as(user).multiPart(part("file", "notes.txt", "text/plain", Files.readAllBytes(clip("speech.ogg"))))
                .post("/transcriptions").then().statusCode(201).body("audioFormat", equalTo("ogg"));
        assertEquals(1, primaryCalls());
    }

    @Test
    void refusesAnOversizeUploadWith413BeforeReadingIt() {
        UUID user = UUID.randomUUID();
        // test profile: files up to 1 MB, a single upload request up to 1100 KB
        as(user).multiPart(part("file", "long.wav", "audio/wav", wavOf(2 * 1024 * 1024))).post("/transcriptions")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/payload-too-large"));
        // within the request limit but over the file limit: refused after reading, still before any provider call
        as(user).multiPart(part("file", "long.wav", "audio/wav", wavOf(1024 * 1024 + 1000))).post("/transcriptions")
                .then().statusCode(413).body("detail", containsString("at most 1048576"));
        assertEquals(0, primaryCalls());
        assertEquals(0L, transcriptsOf(user));
    }

    @Test
    void refusesAnUploadAnnouncedTooLargeBeforeItIsSent() throws Exception {
        // announces 2 MB and sends nothing: only an answer that does not wait for the body can arrive
        RawHttp.Answer answer = RawHttp.send(transcriptionsUrl.getHost(), transcriptionsUrl.getPort(),
                "POST /transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + TestTokens.user(UUID.randomUUID())
                        + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 2000000");

        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.header("content-type"));
        assertEquals("close", answer.header("connection"));
        assertEquals(0, primaryCalls());
    }

    @Test
    void refusesAnOversizeChunkedUploadWhileItStreams() throws Exception {
        // 2 MB of "audio" in a form without a Content-Length, never finished: the single upload path takes 1100 KB
        String boundary = "chunked-upload";
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.write(("POST /transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.user(UUID.randomUUID()) + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.wav\""
                + "\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        request.write((Integer.toHexString(head.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(head);
        request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 32; i++) {
            request.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(chunk);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        RawHttp.Answer answer = RawHttp.send(transcriptionsUrl.getHost(), transcriptionsUrl.getPort(),
                request.toByteArray(), Duration.ofSeconds(20));

        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.header("content-type"));
        assertEquals(0, primaryCalls());
    }

    @Test
    void validatesLanguageAndPrompt() {
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg")
                .multiPart("language", "russian").multiPart("prompt", "x".repeat(1001)).post("/transcriptions")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("language", "prompt"));
        assertEquals(0, primaryCalls());
    }

    @Test
    void transcribesABatchConcurrentlyAndReportsEachFileOnItsOwn() {
        UUID user = UUID.randomUUID();
        held().hold();
        primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));

        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> as(user)
                .multiPart("files", clip("speech-3s.wav").toFile(), "audio/wav")
                .multiPart(part("files", "shopping-list.txt", "audio/ogg", NOT_AUDIO))
                .multiPart("files", clip("speech.webm").toFile(), "audio/webm")
                .multiPart("language", "en")
                .post("/transcriptions/batch"));
        // both audio files reach the provider before either is answered: they run at the same time
        held().awaitWaiting(2, Duration.ofSeconds(10));
        held().release();
        Response batch = answer.join();

        batch.then().statusCode(200)
                .body("results.index", org.hamcrest.Matchers.contains(0, 1, 2))
                .body("results.status", org.hamcrest.Matchers.contains(201, 415, 201))
                .body("results[0].fileName", equalTo("speech-3s.wav"))
                .body("results[0].transcript.text", equalTo(ProviderStub.SPOKEN))
                .body("results[0].transcript.audioFormat", equalTo("wav"))
                .body("results[1].transcript", nullValue())
                .body("results[1].problem.type", equalTo("https://dnevnik.dev/problems/unsupported-media-type"))
                .body("results[2].transcript.audioFormat", equalTo("webm"));
        assertEquals(2, primaryCalls());
        assertEquals(2L, transcriptsOf(user));
    }

    @Test
    void aRetriedBatchRedoesOnlyTheFilesThatFailed() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        as(user).header("Idempotency-Key", key)
                .multiPart("files", clip("speech.ogg").toFile(), "audio/ogg")
                .multiPart(part("files", "bad.ogg", "audio/ogg", NOT_AUDIO))
                .post("/transcriptions/batch").then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(201, 415));
        String firstId = as(user).get("/transcriptions").path("items[0].id");

        as(user).header("Idempotency-Key", key)
                .multiPart("files", clip("speech.ogg").toFile(), "audio/ogg")
                .multiPart("files", clip("speech.mp3").toFile(), "audio/mpeg")
                .post("/transcriptions/batch").then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(201, 201))
                .body("results[0].transcript.id", equalTo(firstId));

        assertEquals(2, primaryCalls(), "the replayed file was not sent again");
        assertEquals(2L, transcriptsOf(user));
    }

    @Test
    void acceptsAtMostTenFilesPerBatch() {
        var request = as(UUID.randomUUID());
        for (int i = 0; i < 11; i++) {
            request.multiPart("files", clip("speech.ogg").toFile(), "audio/ogg");
        }
        request.post("/transcriptions/batch").then().statusCode(400).body("errors[0].field", equalTo("files"));
        assertEquals(0, primaryCalls());
    }

    @Test
    void showsAndDeletesOnlyTheOwnersTranscripts() {
        UUID owner = UUID.randomUUID();
        UUID intruder = UUID.randomUUID();
        String id = as(owner).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).extract().path("id");

        as(intruder).get("/transcriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        as(intruder).delete("/transcriptions/" + id).then().statusCode(404);
        as(intruder).get("/transcriptions").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(owner).get("/transcriptions/" + id).then().statusCode(200).body("segments.size()", equalTo(2));

        as(owner).delete("/transcriptions/" + id).then().statusCode(204);
        as(owner).get("/transcriptions/" + id).then().statusCode(404);
        assertEquals(0L, transcriptsOf(owner));
    }

    @Test
    void countsTheOwnersRecentTranscriptsAndTheirAudio() {
        UUID user = UUID.randomUUID();
        as(user).get("/transcriptions/stats").then().statusCode(200)
                .body("days", equalTo(7)).body("transcripts", equalTo(0)).body("audioSeconds", equalTo(0.0f));
        for (int i = 0; i < 2; i++) {
            as(user).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                    .then().statusCode(201);
        }
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201);
        // the stub provider reports 3.0 s of audio per file
        as(user).queryParam("days", "1").get("/transcriptions/stats").then().statusCode(200)
                .body("days", equalTo(1)).body("transcripts", equalTo(2)).body("audioSeconds", equalTo(6.0f));
        as(user).queryParam("days", "0").get("/transcriptions/stats").then().statusCode(400)
                .body("errors[0].field", equalTo("days"));
    }

    @Test
    void pagesThroughTranscriptsNewestFirstWithoutRepeats() {
        UUID user = UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, as(user).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                    .then().statusCode(201).extract().path("id"));
        }
        List<String> listed = new ArrayList<>();
        String next = "/transcriptions?limit=2";
        while (next != null) {
            Response page = as(user).urlEncodingEnabled(false).get(next);
            page.then().statusCode(200).body("items[0].segments", nullValue());
            listed.addAll(page.path("items.id"));
            next = page.path("next");
        }
        assertEquals(created, listed);
        as(user).queryParam("cursor", "not-a-cursor").get("/transcriptions").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void deletesUploadedFilesWhetherTheTranscriptionSucceedsOrFails() throws Exception {
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201);
        awaitNoUploads(Duration.ofSeconds(2));

        primaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
        secondaryAnswers(providerError(500, "Internal Server Error", "internal_server_error", null));
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(503);
        awaitNoUploads(Duration.ofSeconds(2));

        as(UUID.randomUUID()).multiPart(part("file", "x.ogg", "audio/ogg", NOT_AUDIO)).post("/transcriptions")
                .then().statusCode(415);
        awaitNoUploads(Duration.ofSeconds(2));
    }

    @Test
    void deletesTheUploadWhenTheClientGoesAwayMidTranscription() throws Exception {
        held().hold();
        primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
        byte[] audio = Files.readAllBytes(clip("speech.ogg"));
        String boundary = "cancelled-upload";
        byte[] body = multipartBody(boundary, audio);
        double finishedBefore = finishedTranscriptions();

        try (Socket socket = new Socket(transcriptionsUrl.getHost(), transcriptionsUrl.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.user(UUID.randomUUID()) + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            held().awaitWaiting(1, Duration.ofSeconds(10));
            assertTrue(!uploadedFiles().isEmpty(), "the upload is on disk while the provider works");
        }
        awaitNoUploads(Duration.ofSeconds(10));

        // the provider has not answered and the transcription has no outcome yet (no answer, no timeout): only the
        // client going away can have removed the upload
        assertEquals(1, held().waiting());
        assertEquals(finishedBefore, finishedTranscriptions());
    }

    /** Transcription requests that have an outcome, whichever: dnevnik_transcriptions_total summed. */
    private static double finishedTranscriptions() {
        double total = 0;
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith("dnevnik_transcriptions_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Test
    void storesTheTranscriptWithoutNulCharactersAProviderSent() {
        primaryAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"text\":\" Parts\\u0000 of \\u0000speech \",\"language\":\"english\",\"duration\":1.0,"
                        + "\"segments\":[{\"start\":0.0,\"end\":1.0,\"text\":\"Parts\\u0000 of speech\"}]}"));
        UUID user = UUID.randomUUID();

        String id = as(user).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(201).body("text", equalTo("Parts of speech"))
                .body("segments[0].text", equalTo("Parts of speech")).extract().path("id");

        assertEquals("Parts of speech", db.preparedQuery("SELECT text FROM transcripts WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().iterator().next().getString("text"));
    }

    @Test
    void refusesAPromptPostgreSqlCouldNotStoreNamingTheField() {
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg")
                .multiPart("prompt", "names\u0000").post("/transcriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("prompt"))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
        assertEquals(0, primaryCalls());
    }

    private long transcriptsOf(UUID user) {
        return db.preparedQuery("SELECT count(*) FROM transcripts WHERE user_id = $1").execute(Tuple.of(user))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private Set<Path> uploadedFiles() throws IOException {
        Path dir = Path.of(uploads);
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new HashSet<>(files.toList());
        }
    }

    private void awaitNoUploads(Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (!uploadedFiles().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("uploaded files left behind: " + uploadedFiles());
            }
            Thread.sleep(50);
        }
    }

    private static byte[] multipartBody(String boundary, byte[] audio) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.ogg\""
                + "\r\nContent-Type: audio/ogg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + audio.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(audio, 0, body, head.length, audio.length);
        System.arraycopy(tail, 0, body, head.length + audio.length, tail.length);
        return body;
    }

    /** A valid WAV header followed by silence: real audio of the given size. */
    private static byte[] wavOf(int size) {
        byte[] wav = new byte[size];
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(size - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(size - 44);
        return wav;
    }
}
