package dev.dnevnik.diary.entry;

import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.countEntries;
import static dev.dnevnik.diary.entry.DiaryTestSupport.createEntry;
import static dev.dnevnik.diary.entry.DiaryTestSupport.entryRow;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** Bad input gets a 400 problem naming every bad field, and changes nothing. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class EntryValidationTest {

    @TestHTTPResource("/")
    URL service;

    private static final String VALIDATION = "https://dnevnik.dev/problems/validation";

    @Inject
    Pool db;

    @Test
    void listsEveryInvalidBodyFieldAndCreatesNothing() {
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

        as(user).body(body).post("/entries").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(VALIDATION))
                .body("status", equalTo(400))
                .body("instance", equalTo("/entries"))
                .body("requestId", notNullValue())
                .body("errors.field", containsInAnyOrder("title", "body", "tags", "language"));

        assertEquals(0, countEntries(db, user));
    }

    @Test
    void namesTheOffendingTagByItsPosition() {
        as(UUID.randomUUID()).body(Map.of("body", "x", "tags", List.of("ok", "x".repeat(41)))).post("/entries")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("tags[1]"));
    }

    @Test
    void rejectsABodyOver100000Characters() {
        as(UUID.randomUUID()).body(Map.of("body", "а".repeat(100_001))).post("/entries")
                .then().statusCode(400).body("errors.field", hasItem("body"));
    }

    @Test
    void acceptsABodyOfExactly100000Characters() {
        as(UUID.randomUUID()).body(Map.of("body", "а".repeat(100_000))).post("/entries").then().statusCode(201);
    }

    @Test
    void refusesARequestLargerThanTheBodyLimitWith413BeforeReadingIt() throws Exception {
        UUID user = UUID.randomUUID();
        byte[] body = ("{\"body\":\"" + "x".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.user(user)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        // sent as a client does, body and all; the server may close while the body is still being written
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(), request, Duration.ofSeconds(20));

        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.header("content-type"));
        assertTrue(answer.body().contains("https://dnevnik.dev/problems/payload-too-large"), answer.body());
        assertEquals(0, countEntries(db, user));
    }

    @Test
    void explainsWrongTypesAndEnumValues() {
        UUID user = UUID.randomUUID();
        as(user).body(Map.of("body", "x", "mood", "sad")).post("/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("mood"))
                .body("errors[0].message", equalTo("must be one of: awful, bad, neutral, good, great"));
        as(user).body(Map.of("body", "x", "entryDate", "2026-02-30")).post("/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("entryDate"));
        as(user).body(Map.of("body", "x", "transcriptId", "nope", "source", "voice")).post("/entries")
                .then().statusCode(400).body("errors[0].field", equalTo("transcriptId"));
        as(user).body("{\"body\": \"unterminated").post("/entries").then().statusCode(400)
                .body("type", equalTo("https://dnevnik.dev/problems/malformed-request"));
        assertEquals(0, countEntries(db, user));
    }

    @Test
    void keepsVoiceAndTranscriptConsistent() {
        UUID user = UUID.randomUUID();
        as(user).body(Map.of("body", "x", "source", "voice")).post("/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("transcriptId"));
        as(user).body(Map.of("body", "x", "transcriptId", UUID.randomUUID().toString())).post("/entries")
                .then().statusCode(400).body("errors[0].field", equalTo("transcriptId"));
        assertEquals(0, countEntries(db, user));
    }

    @Test
    void rejectsAnInvalidTimeZoneOrIdempotencyKey() {
        UUID user = UUID.randomUUID();
        as(user).header("Time-Zone", "Mars/Olympus").body(Map.of("body", "x")).post("/entries").then().statusCode(400)
                .body("errors[0].field", equalTo("Time-Zone"));
        as(user).header("Idempotency-Key", "k".repeat(300)).body(Map.of("body", "x")).post("/entries")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, countEntries(db, user));
    }

    @Test
    void rejectsInvalidListParametersTogether() {
        as(UUID.randomUUID())
                .queryParam("limit", "0").queryParam("from", "2026-05-01").queryParam("to", "2026-04-01")
                .queryParam("source", "fax").queryParam("cursor", "garbage!").get("/entries")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("limit", "from", "source", "cursor"));
        as(UUID.randomUUID()).queryParam("limit", "abc").get("/entries").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("limit"));
    }

    @Test
    void rejectsAnInvalidStatsRange() {
        as(UUID.randomUUID()).queryParam("from", "2025-01-01").queryParam("to", "2026-06-01").get("/entries/stats")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("to"));
        as(UUID.randomUUID()).queryParam("from", "tomorrow").get("/entries/stats")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("from"));
    }

    @Test
    void anInvalidUpdateChangesNothing() {
        UUID user = UUID.randomUUID();
        String id = createEntry(user, Map.of("body", "intact", "title", "Title"));

        as(user).header("If-Match", "\"0\"").body(Map.of("body", "", "title", "t".repeat(300))).put("/entries/" + id)
                .then().statusCode(400).body("errors.field", containsInAnyOrder("body", "title"));
        as(user).header("If-Match", "not-a-version").body(Map.of("body", "x")).put("/entries/" + id)
                .then().statusCode(400).body("errors.field", containsInAnyOrder("If-Match"));

        var row = entryRow(db, id);
        assertEquals("intact", row.getString("body"));
        assertEquals(0L, row.getLong("version"));
    }

    @Test
    void refusesTextPostgreSqlCannotStoreNamingTheField() {
        UUID user = UUID.randomUUID();
        // a JSON string may carry U+0000; PostgreSQL text cannot
        as(user).body("{\"title\":\"a\\u0000b\",\"body\":\"x\\u0000\",\"tags\":[\"ok\",\"\\u0000\"]}").post("/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(VALIDATION))
                .body("errors[0].field", org.hamcrest.Matchers.oneOf("title", "body", "tags[1]"))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
        as(user).queryParam("q", "парк\u0000").queryParam("tag", "a\u0000").get("/entries").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("q", "tag"));
        String id = createEntry(user, Map.of("body", "intact"));
        as(user).header("If-Match", "\"0\"").body("{\"body\":\"\\u0000\"}").put("/entries/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("body"));

        assertEquals(1, countEntries(db, user));
        assertEquals("intact", entryRow(db, id).getString("body"));
    }

    @Test
    void boundsTheEntryDateToSaneDays() {
        UUID user = UUID.randomUUID();
        for (String date : new String[] { "+99999-01-01", "1899-12-31", "2101-01-01" }) {
            as(user).body(Map.of("body", "x", "entryDate", date)).post("/entries").then().statusCode(400)
                    .body("errors[0].field", equalTo("entryDate"))
                    .body("errors[0].message", equalTo("must be between 1900-01-01 and 2100-12-31"));
        }
        as(user).body(Map.of("body", "x", "entryDate", "1900-01-01")).post("/entries").then().statusCode(201);
        String id = createEntry(user, Map.of("body", "x", "entryDate", "2100-12-31"));
        as(user).header("If-Match", "\"0\"").body(Map.of("body", "x", "entryDate", "+99999-01-01")).put("/entries/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("entryDate"));
        assertEquals(2, countEntries(db, user));
    }
}
