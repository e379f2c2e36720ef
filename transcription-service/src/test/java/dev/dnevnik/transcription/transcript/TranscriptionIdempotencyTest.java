package dev.dnevnik.transcription.transcript;

import static dev.dnevnik.transcription.TranscriptionTestSupport.as;
import static dev.dnevnik.transcription.TranscriptionTestSupport.clip;
import static dev.dnevnik.transcription.provider.ProviderStub.groqTranscription;
import static dev.dnevnik.transcription.provider.ProviderStub.held;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.primaryCalls;
import static dev.dnevnik.transcription.provider.ProviderStub.providerError;
import static dev.dnevnik.transcription.provider.ProviderStub.secondaryAnswers;
import static dev.dnevnik.transcription.provider.ProviderStub.server;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import dev.dnevnik.transcription.provider.ProviderStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** An upload retried under the same Idempotency-Key costs at most one successful provider call. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transcription"))
@WithTestResource(ProviderStub.class)
class TranscriptionIdempotencyTest {

    @Inject
    Pool db;

    @TestHTTPResource("/")
    URL service;

    @BeforeEach
    void freshProviders() {
        ProviderStub.reset();
    }

    @Test
    void aRetryAfterTheProvidersFailedAsksThemAgain() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        primaryAnswers(providerError(503, "Service Unavailable", "service_unavailable", null));
        secondaryAnswers(providerError(503, "Service Unavailable", "service_unavailable", null));
        upload(user, key).then().statusCode(503);
        int callsWhileDown = primaryCalls();

        server().resetAll();
        primaryAnswers(groqTranscription());
        upload(user, key).then().statusCode(201).header("Idempotent-Replayed", nullValue());

        assertEquals(1, primaryCalls(), "the failure was not stored: the same key asked the provider again");
        assertEquals(3, callsWhileDown, "(while down: the first attempt and two retries)");
        assertEquals(1L, transcriptsOf(user));
    }

    @Test
    void aDuplicateArrivingWhileTheFirstIsTranscribedGets409() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        held().hold();
        primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> upload(user, key));
        held().awaitWaiting(1, Duration.ofSeconds(10));
        upload(user, key).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/idempotency-key-in-progress"));
        held().release();

        first.join().then().statusCode(201);
        upload(user, key).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, primaryCalls());
        assertEquals(1L, transcriptsOf(user));
    }

    @Test
    void aClientThatWentAwayMidTranscriptionGetsTheStoredTranscriptOnItsRetry() throws Exception {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        held().hold();
        primaryAnswers(groqTranscription().withTransformers(HeldResponses.NAME));
        byte[] audio = Files.readAllBytes(clip("speech.ogg"));
        String boundary = "client-goes-away";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.ogg\""
                + "\r\nContent-Type: audio/ogg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(service.getHost(), service.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.user(user) + "\r\nIdempotency-Key: " + key
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + (head.length + audio.length + tail.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(audio);
            out.write(tail);
            out.flush();
            held().awaitWaiting(1, Duration.ofSeconds(10));
        }
        // the client is gone; the provider answers now, and the transcript is kept for the retry
        held().release();
        awaitTranscripts(user, 1);

        upload(user, key).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, primaryCalls(), "the retry did not ask the provider again");
        assertEquals(1L, transcriptsOf(user));
    }

    @Test
    void keysAreScopedPerUser() {
        primaryAnswers(groqTranscription());
        String key = UUID.randomUUID().toString();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        String alices = upload(alice, key).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                .extract().path("id");
        String bobs = upload(bob, key).then().statusCode(201).header("Idempotent-Replayed", nullValue())
                .body("id", not(equalTo(alices))).extract().path("id");

        assertNotEquals(alices, bobs);
        assertEquals(2, primaryCalls());
        assertEquals(1L, transcriptsOf(alice));
        assertEquals(1L, transcriptsOf(bob));
    }

    private static Response upload(UUID user, String key) {
        return as(user).header("Idempotency-Key", key).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg")
                .post("/transcriptions");
    }

    private void awaitTranscripts(UUID user, long count) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (transcriptsOf(user) < count) {
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("the transcript was never stored");
            }
            Thread.sleep(20);
        }
    }

    private long transcriptsOf(UUID user) {
        return db.preparedQuery("SELECT count(*) FROM transcripts WHERE user_id = $1").execute(Tuple.of(user))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
