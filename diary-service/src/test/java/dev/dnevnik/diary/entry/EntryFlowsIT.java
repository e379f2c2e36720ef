package dev.dnevnik.diary.entry;

import static dev.dnevnik.testing.PostgresTestResource.queryLong;
import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.createEntry;
import static dev.dnevnik.diary.entry.DiaryTestSupport.follow;
import static dev.dnevnik.diary.entry.DiaryTestSupport.metric;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestKeysResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * diary-service's main flows against the packaged service (the runnable jar, or the native executable under
 * {@code -Dnative}): JSON of every entry shape, validation messages, Flyway's migrations from both locations, JWT
 * verification, full-text search through the SQL functions, Idempotency-Key replay, metrics, health and OpenAPI.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
@WithTestResource(TestKeysResource.class)
class EntryFlowsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEMS = "https://dnevnik.dev/problems/";

    @Test
    void migratesBothTheServicesAndTheIdempotencyModulesSchemas() {
        // db/migration's versioned V1__entries.sql and db/idempotency's repeatable R__common_idempotency_keys.sql
        assertEquals(1, queryLong("""
                SELECT count(*) FROM flyway_schema_history
                 WHERE success AND version = '1' AND description = 'entries' AND script LIKE '%V1__entries.sql'"""));
        assertEquals(1, queryLong("""
                SELECT count(*) FROM flyway_schema_history
                 WHERE success AND version IS NULL AND description = 'common idempotency keys'
                   AND script LIKE '%R__common_idempotency_keys.sql'"""));
        assertEquals(0, queryLong("SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
    }

    @Test
    void aNewEntryIsCreatedWithLocationEtagAndItsNormalisedFields() throws Exception {
        UUID user = UUID.randomUUID();

        Response created = as(user)
                .body(Map.of("title", "  Весна ", "body", "Сегодня гуляли в парке, потом читали.", "mood", "good",
                        "tags", List.of("#Walks", "walks", "Family"), "language", "ru", "entryDate", "2026-03-01"))
                .post("/entries");

        created.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", endsWith("/entries/" + created.path("id")))
                .header("ETag", "\"0\"")
                .body("title", equalTo("Весна"))
                .body("body", equalTo("Сегодня гуляли в парке, потом читали."))
                .body("mood", equalTo("good"))
                .body("tags", contains("walks", "family"))
                .body("source", equalTo("text"))
                .body("transcriptId", nullValue())
                .body("language", equalTo("ru"))
                .body("entryDate", equalTo("2026-03-01"))
                .body("wordCount", equalTo(6))
                .body("version", equalTo(0));
        Instant createdAt = Instant.parse(created.path("createdAt"));
        assertTrue(Duration.between(createdAt, Instant.now()).abs().toMinutes() < 5, "createdAt is an ISO instant: " + createdAt);
        String id = created.path("id");
        assertEquals(7, UUID.fromString(id).version(), "ids are time-ordered UUIDv7");

        as(user).get(created.header("Location")).then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("id", equalTo(id))
                .body("title", equalTo("Весна"))
                .body("createdAt", equalTo(created.path("createdAt")));

        try (Connection db = PostgresTestResource.connect();
                PreparedStatement select = db.prepareStatement(
                        "SELECT user_id, body, tags, mood, word_count, version FROM entries WHERE id = ?")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertEquals(user, row.getObject("user_id"));
                assertEquals("Сегодня гуляли в парке, потом читали.", row.getString("body"));
                assertEquals(List.of("walks", "family"), Arrays.asList((String[]) row.getArray("tags").getArray()));
                assertEquals("good", row.getString("mood"));
                assertEquals(6, row.getInt("word_count"));
                assertEquals(0, row.getLong("version"));
            }
        }
    }

    @Test
    void aVoiceEntryPointsAtItsTranscript() {
        UUID transcript = UUID.randomUUID();
        as(UUID.randomUUID()).body(Map.of("body", "Записано голосом", "source", "voice",
                "transcriptId", transcript.toString(), "language", "uk")).post("/entries")
                .then().statusCode(201)
                .body("source", equalTo("voice"))
                .body("transcriptId", equalTo(transcript.toString()))
                .body("language", equalTo("uk"));
    }

    @Test
    void theDefaultEntryDateIsTodayInTheClientsTimeZone() {
        // UTC+14 and UTC-11 are 25 hours apart: their "today" always differs, so each zone's rules must be applied
        for (String zone : new String[] { "Pacific/Kiritimati", "Pacific/Pago_Pago" }) {
            LocalDate before = LocalDate.now(ZoneId.of(zone));

            String date = as(UUID.randomUUID()).header("Time-Zone", zone).body(Map.of("body", "Раннее утро"))
                    .post("/entries").then().statusCode(201).extract().path("entryDate");

            assertTrue(date.equals(before.toString()) || date.equals(LocalDate.now(ZoneId.of(zone)).toString()),
                    "entryDate " + date + " is not today in " + zone + " (" + before + ")");
        }
        as(UUID.randomUUID()).header("Time-Zone", "Mars/Olympus").body(Map.of("body", "x")).post("/entries")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("Time-Zone"));
    }

    @Test
    void anEditNeedsTheCurrentVersionAndAStaleOneIsAConflict() {
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

        // the same version again: someone else's edit would be lost
        as(user).header("If-Match", "\"0\"").body(Map.of("body", "stale overwrite")).put("/entries/" + id)
                .then().statusCode(412)
                .contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "precondition-failed"))
                .body("status", equalTo(412));
        as(user).body(Map.of("body", "blind overwrite")).put("/entries/" + id)
                .then().statusCode(428).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "precondition-required"));
        // the version may come in the body instead of If-Match
        as(user).body(Map.of("body", "third version", "version", 1)).put("/entries/" + id)
                .then().statusCode(200).body("version", equalTo(2));

        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE id = ? AND body = 'third version' AND version = 2",
                UUID.fromString(id)));
    }

    @Test
    void aDeletedEntryIsGone() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "short-lived"));

        as(user).header("If-Match", "\"7\"").delete("/entries/" + id).then().statusCode(412).contentType(PROBLEM);
        as(user).header("If-Match", "\"0\"").delete("/entries/" + id).then().statusCode(204);

        assertEquals(0, queryLong("SELECT count(*) FROM entries WHERE id = ?", UUID.fromString(id)));
        as(user).get("/entries/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "not-found"));
        as(user).delete("/entries/" + id).then().statusCode(404);
    }

    @Test
    void listsNewestFirstInKeysetPagesFollowingTheNextLinks() {
        UUID user = UUID.randomUUID();
        List<String> newestFirst = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            newestFirst.add(0, createEntry(user, Map.of("body", "day " + day, "entryDate", "2026-04-0" + day,
                    "tags", List.of(day % 2 == 0 ? "even" : "odd"))));
        }

        List<String> walked = new ArrayList<>();
        String next = "/entries?limit=2";
        int pages = 0;
        while (next != null) {
            Response page = follow(user, next);
            page.then().statusCode(200);
            walked.addAll(page.path("items.id"));
            next = page.path("next");
            if (next != null) {
                assertEquals("<" + next + ">; rel=\"next\"", page.header("Link"));
                assertTrue(next.contains("cursor=") && next.contains("limit=2"), next);
                assertEquals(page.<String>path("nextCursor"), next.replaceAll(".*cursor=([^&]*).*", "$1"));
            } else {
                assertNull(page.header("Link"));
                page.then().body("nextCursor", nullValue());
            }
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(newestFirst, walked);

        // the cursor alone continues a walk; filters combine with paging
        Response firstEven = as(user).queryParam("tag", "EVEN").queryParam("limit", "1").get("/entries");
        firstEven.then().statusCode(200).body("items.body", contains("day 4"));
        as(user).queryParam("tag", "even").queryParam("limit", "1").queryParam("cursor", (String) firstEven.path("nextCursor"))
                .get("/entries").then().statusCode(200).body("items.body", contains("day 2")).body("next", nullValue());
        as(user).queryParam("from", "2026-04-02").queryParam("to", "2026-04-03").get("/entries")
                .then().statusCode(200).body("items.body", contains("day 3", "day 2"));
        as(user).queryParam("cursor", "garbage!").queryParam("limit", "0").get("/entries")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("cursor", "limit"));
    }

    @Test
    void searchFindsRussianUkrainianAndEnglishWordsByTheirStem() {
        UUID user = UUID.randomUUID();
        String russian = createEntry(user, Map.of("title", "Вечер", "body", "Вчера мы долго гуляли по набережной с собакой"));
        String ukrainian = createEntry(user, Map.of("body", "Ми гуляли містом і пили каву з мамою", "language", "uk"));
        String english = createEntry(user, Map.of("body", "We were running along the rivers before breakfast"));

        Map<String, List<String>> expected = Map.of(
                "набережная", List.of(russian),
                "собаки", List.of(russian),
                "міста", List.of(ukrainian),
                "кавою", List.of(ukrainian),
                "river", List.of(english),
                "runs breakfast", List.of(english),
                "кошка", List.of());
        expected.forEach((query, ids) -> as(user).queryParam("q", query).get("/entries").then().statusCode(200)
                .body("items.id", ids.isEmpty() ? empty() : containsInAnyOrder(ids.toArray())));
        // web-search syntax: either word, a phrase, an exclusion
        as(user).queryParam("q", "собака or кава").get("/entries").then().body("items.id",
                containsInAnyOrder(russian, ukrainian));
        as(user).queryParam("q", "\"before breakfast\"").get("/entries").then().body("items.id", contains(english));
        as(user).queryParam("q", "гулять -собака").get("/entries").then().body("items.id", contains(ukrainian));
        // another user's words are not searched
        as(UUID.randomUUID()).queryParam("q", "набережная").get("/entries").then().body("items", empty());
    }

    @Test
    void statsCountEntriesAndWordsPerDayAndTheCurrentStreak() {
        UUID user = UUID.randomUUID();
        createEntry(user, Map.of("body", "one two three", "entryDate", "2026-02-01"));
        createEntry(user, Map.of("body", "four five", "entryDate", "2026-02-01"));
        createEntry(user, Map.of("body", "шесть", "entryDate", "2026-02-03"));
        createEntry(user, Map.of("body", "outside the range", "entryDate", "2026-02-05"));

        as(user).queryParam("from", "2026-02-01").queryParam("to", "2026-02-04").get("/entries/stats")
                .then().statusCode(200)
                .body("from", equalTo("2026-02-01"))
                .body("to", equalTo("2026-02-04"))
                .body("days.date", contains("2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04"))
                .body("days.entries", contains(2, 0, 1, 0))
                .body("days.words", contains(5, 0, 1, 0))
                .body("totalEntries", equalTo(3))
                .body("totalWords", equalTo(6));

        UUID writer = UUID.randomUUID();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int daysAgo : new int[] { 0, 1, 2, 4 }) {
            createEntry(writer, Map.of("body", "x", "entryDate", today.minusDays(daysAgo).toString()));
        }
        as(writer).get("/entries/stats").then().statusCode(200)
                .body("days.size()", equalTo(30))
                .body("currentStreak", equalTo(3))
                .body("totalEntries", equalTo(4));
        as(writer).queryParam("from", "2025-01-01").queryParam("to", "2026-06-01").get("/entries/stats")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("to"));
    }

    @Test
    void anInvalidEntryIsA400ProblemNamingEveryFieldWithItsMessage() {
        UUID user = UUID.randomUUID();
        List<String> tooManyTags = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooManyTags.add("tag" + i);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("title", "t".repeat(201));
        body.put("body", " ");
        body.put("tags", tooManyTags);
        body.put("language", "russian");
        body.put("entryDate", "1899-12-31");

        as(user).body(body).post("/entries").then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "validation"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/entries"))
                .body("requestId", notNullValue())
                .body("errors.field", containsInAnyOrder("title", "body", "tags", "language", "entryDate"))
                .body("errors.find { it.field == 'title' }.message", equalTo("size must be between 0 and 200"))
                .body("errors.find { it.field == 'body' }.message", equalTo("must not be blank"))
                .body("errors.find { it.field == 'tags' }.message", equalTo("size must be between 0 and 20"))
                .body("errors.find { it.field == 'language' }.message",
                        equalTo("must be an ISO 639-1 code such as ru, uk or en"))
                .body("errors.find { it.field == 'entryDate' }.message",
                        equalTo("must be between 1900-01-01 and 2100-12-31"));
        as(user).body(Map.of("body", "x", "tags", List.of("ok", "x".repeat(41)))).post("/entries")
                .then().statusCode(400).body("errors.field", contains("tags[1]"));
        // what Jackson refuses: an unknown enum value, an impossible date, a malformed document
        as(user).body(Map.of("body", "x", "mood", "sad")).post("/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("mood"))
                .body("errors[0].message", equalTo("must be one of: awful, bad, neutral, good, great"));
        as(user).body(Map.of("body", "x", "entryDate", "2026-02-30")).post("/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("entryDate"));
        as(user).body("{\"body\": \"unterminated").post("/entries").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "malformed-request"));
        // unknown fields are tolerated
        as(user).body(Map.of("body", "tolerant", "clientVersion", "2.3.1")).post("/entries").then().statusCode(201);

        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE user_id = ?", user));
    }

    @Test
    void textWithTheNulCharacterIsRefusedNamingTheField() {
        UUID user = UUID.randomUUID();
        as(user).body("{\"title\":\"a\\u0000b\",\"body\":\"x\\u0000\"}").post("/entries")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "validation"))
                .body("errors[0].field", oneOf("title", "body"))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
        as(user).queryParam("q", "парк\u0000").get("/entries").then().statusCode(400)
                .body("errors.field", contains("q"));
        String id = createEntry(user, Map.of("body", "intact"));
        as(user).header("If-Match", "\"0\"").body("{\"body\":\"\\u0000\"}").put("/entries/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("body"));

        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE user_id = ?", user));
        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE id = ? AND body = 'intact'", UUID.fromString(id)));
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() throws Exception {
        UUID user = UUID.randomUUID();
        byte[] body = ("{\"body\":\"" + "x".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.user(user)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        // sent as a client does, body and all; the server may close while the body is still being written
        RawHttp.Answer answer = RawHttp.send("localhost", RestAssured.port, request, Duration.ofSeconds(20));

        assertEquals(413, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertTrue(answer.body().contains("\"type\":\"" + PROBLEMS + "payload-too-large\""), answer.body());
        assertEquals(0, queryLong("SELECT count(*) FROM entries WHERE user_id = ?", user));
    }

    @Test
    void refusalsFromEveryLayerAreProblems() {
        String token = TestTokens.user(UUID.randomUUID());
        given().auth().oauth2(token).header("X-Request-Id", "it-req-1").get("/no-such-thing")
                .then().statusCode(404).contentType(PROBLEM)
                .header("X-Request-Id", "it-req-1")
                .body("type", equalTo(PROBLEMS + "not-found"))
                .body("requestId", equalTo("it-req-1"))
                .body(not(containsString("at dev.dnevnik")));
        given().auth().oauth2(token).delete("/entries").then().statusCode(405).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "method-not-allowed"));
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("just text").post("/entries")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "unsupported-media-type"));
        given().auth().oauth2(token).get("/entries/not-a-uuid").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void onlyAValidTokenGetsIn() {
        given().get("/entries").then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo(PROBLEMS + "unauthorized"))
                .body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(Map.of("body", "x")).post("/entries").then().statusCode(401);
        UUID user = UUID.randomUUID();
        for (String token : new String[] { "not.a.jwt", TestTokens.expired(user), TestTokens.forged(user),
                TestTokens.withIssuer(user, "https://evil.example") }) {
            given().auth().oauth2(token).get("/entries").then().statusCode(401)
                    .contentType(PROBLEM)
                    .body("type", equalTo(PROBLEMS + "unauthorized"));
        }
        given().auth().oauth2(TestTokens.user(user)).get("/entries").then().statusCode(200).body("items", empty());
    }

    @Test
    void anotherUsersEntryIsNotFoundForEveryOperation() {
        UUID owner = UUID.randomUUID();
        UUID intruder = UUID.randomUUID();
        String id = createEntry(owner, Map.of("body", "private thoughts", "tags", List.of("secret")));

        as(intruder).get("/entries/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "not-found"));
        as(intruder).header("If-Match", "\"0\"").body(Map.of("body", "defaced")).put("/entries/" + id)
                .then().statusCode(404);
        as(intruder).delete("/entries/" + id).then().statusCode(404);
        as(intruder).queryParam("tag", "secret").get("/entries").then().statusCode(200).body("items", empty());

        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE id = ? AND body = 'private thoughts' AND version = 0",
                UUID.fromString(id)));
        as(owner).get("/entries/" + id).then().statusCode(200).body("body", equalTo("private thoughts"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndCreatesOneRow() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("title", "Once", "body", "Только один раз", "tags", List.of("once"));

        Response first = as(user).header("Idempotency-Key", key).body(body).post("/entries");
        Response retry = as(user).header("Idempotency-Key", key).body(body).post("/entries");

        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        retry.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .header("ETag", first.header("ETag"))
                .body("id", equalTo(first.path("id")))
                .body("createdAt", equalTo(first.path("createdAt")))
                .body("tags", contains("once"));
        assertEquals(first.asString(), retry.asString());
        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE user_id = ?", user));
        assertEquals(1, queryLong("""
                SELECT count(*) FROM idempotency_keys
                 WHERE owner = ? AND idem_key = ? AND state = 'completed' AND response_status = 201""",
                user.toString(), key));

        as(user).header("Idempotency-Key", key).body(Map.of("body", "different")).post("/entries")
                .then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "idempotency-key-reused"));
        as(user).header("Idempotency-Key", "k".repeat(300)).body(body).post("/entries")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(1, queryLong("SELECT count(*) FROM entries WHERE user_id = ?", user));
    }

    @Test
    void countsCreatedEntriesBySourceInPrometheusMetrics() {
        UUID user = UUID.randomUUID();
        String text = "dnevnik_entries_created_total{source=\"text\"}";
        String voice = "dnevnik_entries_created_total{source=\"voice\"}";
        String before = given().get("/q/metrics").then().statusCode(200).extract().asString();

        createEntry(user, Map.of("body", "one"));
        createEntry(user, Map.of("body", "two", "source", "voice", "transcriptId", UUID.randomUUID().toString()));

        String after = given().get("/q/metrics").asString();
        assertEquals(1.0, metric(after, text) - metric(before, text));
        assertEquals(1.0, metric(after, voice) - metric(before, voice));
        assertTrue(after.contains("http_server_requests_seconds_count{"), "HTTP server metrics are exported");
    }

    @Test
    void isReadyWithTheDatabaseCheckUp() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder(containsString("Reactive PostgreSQL"),
                        containsString("Database connections")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesItsOpenApiDocumentWithTheSharedProblemResponses() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Dnevnik diary-service"))
                .body("paths.'/entries'.post.summary", equalTo("Create an entry"))
                .body("paths.'/entries'.get.summary", equalTo("List entries"))
                .body("paths.'/entries/stats'.get.summary", equalTo("Writing statistics"))
                .body("paths.'/entries/{id}'.put.responses.'412'.$ref", equalTo("#/components/responses/PreconditionFailed"))
                .body("components.responses.PreconditionFailed.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("components.schemas.Problem.properties.errors.type", equalTo("array"))
                .body("components.schemas.EntryView.properties.entryDate.$ref", equalTo("#/components/schemas/LocalDate"))
                .body("components.schemas.Mood.enum", contains("awful", "bad", "neutral", "good", "great"))
                .body("components.securitySchemes.jwt.scheme", is("bearer"));
    }
}
