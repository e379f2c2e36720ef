package dev.dnevnik.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.dnevnik.devtools.SpeechToTextSimulator;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;

/**
 * The packaged gateway in front of the real diary-service and transcription-service (see {@link RealServices}):
 * the platform as a user reaches it, with a real PostgreSQL and the speech-to-text simulator as the only stand-in.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(RealServices.class)
class PlatformIT {

    private static final File SPEECH = new File("../transcription-service/src/test/resources/audio/speech.ogg");

    private static String signIn(String name) {
        return given().contentType("application/json").body(Map.of("name", name)).post("/api/auth/dev")
                .then().statusCode(200).extract().path("accessToken");
    }

    @Test
    void aRecordingBecomesADiaryEntryOnceEvenWhenTheClientRetries() {
        String token = signIn("voice-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        Response created = given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .multiPart("file", SPEECH, "audio/ogg").multiPart("tags", "walks")
                .post("/api/voice-entries");
        created.then().statusCode(201)
                .header("Location", containsString("/api/entries/"))
                .body("source", equalTo("voice"))
                .body("body", startsWith("[simulated]"))
                .body("tags", hasItem("walks"));
        String entryId = created.path("id");
        String transcriptId = created.path("transcriptId");

        given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .multiPart("file", SPEECH, "audio/ogg").multiPart("tags", "walks")
                .post("/api/voice-entries")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(entryId));

        given().header("Authorization", "Bearer " + token).get("/api/entries").then().statusCode(200)
                .body("items.size()", equalTo(1));
        given().header("Authorization", "Bearer " + token).get("/api/transcriptions").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(transcriptId))
                .body("items[0].text", equalTo(SpeechToTextSimulator.TEXT));
    }

    /**
     * The diary's database drops its connection while the entry is being stored (as in a PostgreSQL restart), after
     * the recording was transcribed: the client is told 503, and its retry with the same key completes the entry
     * from the stored transcript — one provider call, one transcript, one entry.
     */
    @Test
    void aVoiceEntryWhoseDiaryStepFailedIsCompletedByTheRetryWithOneTranscription() throws Exception {
        String token = signIn("restart-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        long transcribedBefore = RealServices.simulator.served();
        Response failed;
        try (Connection diary = RealServices.postgres.connect(RealServices.diaryDatabase)) {
            diary.setAutoCommit(false);
            diary.createStatement().execute("LOCK TABLE entries IN SHARE ROW EXCLUSIVE MODE");
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given()
                    .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                    .multiPart("file", SPEECH, "audio/ogg").post("/api/voice-entries"));
            terminateTheInsertWaitingOnTheLock();
            failed = first.join();
            diary.rollback();
        }
        failed.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");

        given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .multiPart("file", SPEECH, "audio/ogg").post("/api/voice-entries")
                .then().statusCode(201).body("source", equalTo("voice"));

        assertEquals(1, RealServices.simulator.served() - transcribedBefore, "the provider was asked once");
        given().header("Authorization", "Bearer " + token).get("/api/transcriptions").then().statusCode(200)
                .body("items.size()", equalTo(1));
        given().header("Authorization", "Bearer " + token).get("/api/entries").then().statusCode(200)
                .body("items.size()", equalTo(1));
    }

    /**
     * Terminates the diary's insert once it waits on the lock (SQLSTATE 57P01 for it). Watched from a connection of its
     * own: within a transaction PostgreSQL shows a snapshot of pg_stat_activity that does not change.
     */
    private static void terminateTheInsertWaitingOnTheLock() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        try (Connection watcher = RealServices.postgres.connect(RealServices.diaryDatabase)) {
            while (Instant.now().isBefore(deadline)) {
                try (var waiting = watcher.createStatement().executeQuery("SELECT pg_terminate_backend(pid)"
                    + " FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        + " AND query ILIKE 'insert into entries%'")) {
                    if (waiting.next()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the entry's insert never reached the locked table");
    }

    @Test
    void tokensFromTheGatewayWorkAtTheServicesAndForgedOnesFailAtBoth() {
        String token = signIn("tokens-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + token).get(RealServices.diaryUrl + "/entries")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get(RealServices.transcriptionUrl + "/transcriptions")
                .then().statusCode(200);

        String forged = TestTokens.forged(UUID.randomUUID());
        given().header("Authorization", "Bearer " + forged).get("/api/entries").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + forged).get(RealServices.diaryUrl + "/entries")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + forged).get(RealServices.transcriptionUrl + "/transcriptions")
                .then().statusCode(401);
    }

    @Test
    void pagesAndProblemsComeBackWithPublicPaths() {
        String token = signIn("pages-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body(Map.of("body", "Запись номер " + i)).post("/api/entries")
                    .then().statusCode(201).header("Location", containsString("/api/entries/"));
        }
        Response page = given().header("Authorization", "Bearer " + token).get("/api/entries?limit=2");
        page.then().statusCode(200).header("Link", startsWith("</api/entries?limit=2&cursor="));
        String next = page.path("next");
        assertEquals(true, next.startsWith("/api/entries?limit=2&cursor="), next);
        given().header("Authorization", "Bearer " + token).urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("items.size()", equalTo(1));

        // a service's validation problem reaches the client unchanged
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("body", " ")).post("/api/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        // someone else's entry is not found, through the gateway as directly
        String other = signIn("other-" + UUID.randomUUID());
        String mine = page.path("items[0].id");
        given().header("Authorization", "Bearer " + other).get("/api/entries/" + mine).then().statusCode(404);
    }

    @Test
    void theDashboardGathersTheRealServices() {
        String token = signIn("dash-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("body", "сегодня хороший день")).post("/api/entries").then().statusCode(201);
        given().header("Authorization", "Bearer " + token).get("/api/dashboard").then().statusCode(200)
                .body("entryStats.totalEntries", equalTo(1))
                .body("entryStats.currentStreak", greaterThanOrEqualTo(1))
                .body("recentTranscriptions.transcripts", equalTo(0))
                .body("degraded.part", hasItem("newsToday"));
    }
}
