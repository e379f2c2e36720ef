package dev.dnevnik.diary.entry;

import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.countEntries;
import static dev.dnevnik.diary.entry.DiaryTestSupport.createEntry;
import static dev.dnevnik.diary.entry.DiaryTestSupport.entryRow;
import static dev.dnevnik.diary.entry.DiaryTestSupport.metric;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.diary.config.AdjustableClock;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class EntryCrudTest {

    @Inject
    Pool db;

    @Inject
    AdjustableClock clock;

    @Test
    void createsATextEntryWithLocationEtagAndNormalisedFields() {
        UUID user = UUID.randomUUID();

        Response created = as(user)
                .body(Map.of("title", "  Весна ", "body", "Сегодня гуляли в парке, потом читали.", "mood", "good",
                        "tags", List.of("#Walks", "walks", "Family"), "language", "ru", "entryDate", "2026-03-01"))
                .post("/entries");

        created.then().statusCode(201)
                .header("Location", endsWith("/entries/" + created.path("id")))
                .header("ETag", "\"0\"")
                .body("title", equalTo("Весна"))
                .body("tags", contains("walks", "family"))
                .body("mood", equalTo("good"))
                .body("source", equalTo("text"))
                .body("transcriptId", nullValue())
                .body("entryDate", equalTo("2026-03-01"))
                .body("wordCount", equalTo(6))
                .body("version", equalTo(0));
        var row = entryRow(db, created.path("id"));
        assertEquals(7, row.getUUID("id").version(), "ids are time-ordered UUIDv7");
        assertEquals(user, row.getUUID("user_id"));
        assertEquals(List.of("walks", "family"), Arrays.asList(row.getArrayOfStrings("tags")));
        assertEquals(6, row.getInteger("word_count"));
    }

    @Test
    void defaultsTheEntryDateToTodayInTheClientsTimeZone() {
        UUID user = UUID.randomUUID();
        // at noon UTC on 1 March it is already 2 March in Kiritimati (UTC+14): a UTC default would be caught
        clock.fixAt(Instant.parse("2026-03-01T12:00:00Z"));
        try {
            as(user).header("Time-Zone", "Pacific/Kiritimati").body(Map.of("body", "Раннее утро")).post("/entries")
                    .then().statusCode(201).body("entryDate", equalTo("2026-03-02"));
            as(user).body(Map.of("body", "Полдень")).post("/entries")
                    .then().statusCode(201).body("entryDate", equalTo("2026-03-01"));
        } finally {
            clock.runFree();
        }
    }

    @Test
    void createsAVoiceEntryThatPointsAtItsTranscript() {
        UUID user = UUID.randomUUID();
        UUID transcript = UUID.randomUUID();

        as(user).body(Map.of("body", "Записано голосом", "source", "voice", "transcriptId", transcript.toString(),
                "language", "ru")).post("/entries")
                .then().statusCode(201)
                .body("source", equalTo("voice"))
                .body("transcriptId", equalTo(transcript.toString()));
    }

    @Test
    void toleratesUnknownFields() {
        as(UUID.randomUUID()).body(Map.of("body", "Текст", "clientVersion", "2.3.1", "draft", true)).post("/entries")
                .then().statusCode(201);
    }

    @Test
    void readsOwnEntryWithItsEtag() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("title", "Read me", "body", "Body text"));

        as(user).get("/entries/" + id).then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("id", equalTo(id))
                .body("title", equalTo("Read me"));
    }

    @Test
    void answersUnknownIdsAndMalformedIdsWith404Problems() {
        UUID user = UUID.randomUUID();
        as(user).get("/entries/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/not-found"));
        as(user).get("/entries/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void replacesContentWhenIfMatchHasTheCurrentVersion() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("title", "Old", "body", "Old body", "mood", "bad",
                "tags", List.of("a"), "entryDate", "2026-02-01"));

        as(user).header("If-Match", "\"0\"")
                .body(Map.of("title", "New", "body", "New body has four words", "tags", List.of("B", "c")))
                .put("/entries/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("title", equalTo("New"))
                .body("mood", nullValue())
                .body("tags", contains("b", "c"))
                .body("entryDate", equalTo("2026-02-01"))
                .body("wordCount", equalTo(5))
                .body("version", equalTo(1));
        var row = entryRow(db, id);
        assertEquals("New body has four words", row.getString("body"));
        assertEquals(1L, row.getLong("version"));
    }

    @Test
    void acceptsTheVersionInTheBodyWhenIfMatchIsAbsent() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "v0"));

        as(user).body(Map.of("body", "v1", "version", 0)).put("/entries/" + id).then().statusCode(200)
                .body("version", equalTo(1));
    }

    @Test
    void refusesAStaleVersionWith412AndChangesNothing() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "first"));
        as(user).header("If-Match", "\"0\"").body(Map.of("body", "second")).put("/entries/" + id)
                .then().statusCode(200);

        as(user).header("If-Match", "\"0\"").body(Map.of("body", "stale overwrite")).put("/entries/" + id)
                .then().statusCode(412)
                .contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/precondition-failed"));

        assertEquals("second", entryRow(db, id).getString("body"));
        assertEquals(1L, entryRow(db, id).getLong("version"));
    }

    @Test
    void letsExactlyOneOfTwoConcurrentEditsOfTheSameVersionWin() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "base"));
        var pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Integer>> edits = new ArrayList<>();
            for (String body : List.of("edit A", "edit B")) {
                edits.add(CompletableFuture.supplyAsync(() -> as(user).header("If-Match", "\"0\"")
                        .body(Map.of("body", body)).put("/entries/" + id).statusCode(), pool));
            }
            List<Integer> statuses = edits.stream().map(CompletableFuture::join).sorted().toList();

            assertEquals(List.of(200, 412), statuses);
            assertEquals(1L, entryRow(db, id).getLong("version"));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void requiresAPreconditionToReplace() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "keep me"));

        as(user).body(Map.of("body", "blind overwrite")).put("/entries/" + id)
                .then().statusCode(428).body("type", equalTo("https://dnevnik.dev/problems/precondition-required"));
        assertEquals("keep me", entryRow(db, id).getString("body"));
    }

    @Test
    void deletesOwnEntry() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "short-lived"));

        as(user).delete("/entries/" + id).then().statusCode(204);

        assertNull(entryRow(db, id));
        as(user).get("/entries/" + id).then().statusCode(404);
        as(user).delete("/entries/" + id).then().statusCode(404);
    }

    @Test
    void deleteWithAStaleIfMatchKeepsTheEntry() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "guarded"));

        as(user).header("If-Match", "\"7\"").delete("/entries/" + id).then().statusCode(412);
        as(user).header("If-Match", "\"0\"").delete("/entries/" + id).then().statusCode(204);
    }

    @Test
    void countsCreatedEntriesBySourceInPrometheusMetrics() {
        UUID user = UUID.randomUUID();
        String before = given().get("/q/metrics").asString();

        createEntry(user, Map.of("body", "one"));
        createEntry(user, Map.of("body", "two", "source", "voice", "transcriptId", UUID.randomUUID().toString()));
        String key = UUID.randomUUID().toString();
        as(user).header("Idempotency-Key", key).body(Map.of("body", "three")).post("/entries").then().statusCode(201);
        as(user).header("Idempotency-Key", key).body(Map.of("body", "three")).post("/entries").then().statusCode(201);

        String after = given().get("/q/metrics").asString();
        String text = "dnevnik_entries_created_total{source=\"text\"}";
        String voice = "dnevnik_entries_created_total{source=\"voice\"}";
        assertEquals(2.0, metric(after, text) - metric(before, text), "replays are not counted");
        assertEquals(1.0, metric(after, voice) - metric(before, voice));
    }

    @Test
    void echoesTheCallersRequestIdInHeadersAndProblems() {
        as(UUID.randomUUID()).header("X-Request-Id", "client-req-42").get("/entries/" + UUID.randomUUID())
                .then().statusCode(404)
                .header("X-Request-Id", "client-req-42")
                .body("requestId", equalTo("client-req-42"));
        given().get("/q/health/live").then().header("X-Request-Id", notNullValue());
    }

    @Test
    void reportsReadyOnlyWithTheDatabaseCheckUp() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder(containsString("Reactive PostgreSQL"),
                        containsString("Database connections")));
    }

    @Test
    void describesTheApiInOpenApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/entries'.post.summary", equalTo("Create an entry"))
                .body("paths.'/entries'.get.summary", equalTo("List entries"))
                .body("paths.'/entries/stats'.get.summary", equalTo("Writing statistics"))
                .body("paths.'/entries/{id}'.put.responses.'412'.$ref", equalTo("#/components/responses/PreconditionFailed"))
                .body("components.responses.PreconditionFailed.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("components.schemas.Problem.properties.errors.type", equalTo("array"))
                .body("components.securitySchemes.jwt.scheme", is("bearer"));
    }

    @Test
    void createdRowsBelongToTheirAuthorOnly() {
        UUID author = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        String mine = createEntry(author, Map.of("body", "mine"));
        createEntry(author, Map.of("body", "mine too"));
        String theirs = createEntry(neighbour, Map.of("body", "theirs"));

        assertEquals(2, countEntries(db, author));
        assertEquals(1, countEntries(db, neighbour));
        assertEquals(author, entryRow(db, mine).getUUID("user_id"));
        assertEquals(neighbour, entryRow(db, theirs).getUUID("user_id"));
    }
}
