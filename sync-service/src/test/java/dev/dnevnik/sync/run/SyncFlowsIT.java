package dev.dnevnik.sync.run;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.sync.ProgramsApi;
import dev.dnevnik.sync.ProgramsApiStub;
import dev.dnevnik.sync.SyncItSettings;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestKeysResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * sync-service as it ships (the packaged jar, or the native executable under {@code -Dnative}), against PostgreSQL and
 * a WireMock emulator of Yelp's partner programs API: sources created and validated, runs mirrored with Basic auth
 * through intermittent 500s and a 429 with Retry-After, followed over SSE to their end, applied as SQL diffs (checked
 * over JDBC), one run per source, Idempotency-Key replays, cancel, cursor pagination, operators only, and the
 * service's health, metrics and OpenAPI document.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync"))
@WithTestResource(TestKeysResource.class)
@WithTestResource(ProgramsApiStub.class)
@WithTestResource(SyncItSettings.class)
class SyncFlowsIT {

    private static final String OPERATOR = TestTokens.admin(UUID.randomUUID());
    private static final String PROBLEMS = "https://dnevnik.dev/problems/";
    private static final String PROBLEM_JSON = "application/problem+json";

    @BeforeEach
    void freshEmulator() {
        ProgramsApiStub.reset();
    }

    @AfterEach
    void letGo() {
        ProgramsApi.release();
    }

    @Test
    void invalidSourcesAreRefusedNamingEveryFieldAndTheYelpExampleIsOneCall() throws SQLException {
        long sourcesBefore = count("SELECT count(*) FROM sources");

        given().auth().oauth2(OPERATOR).contentType("application/json").body("""
                {"baseUrl":"ftp://files.example","path":"nope","auth":{"type":"basic","usernameEnv":"1BAD"},
                 "pagination":{"style":"pages","pageSize":0},"itemsPointer":"items","concurrency":0,
                 "requestTimeoutMs":5,"retry":{"maxRetries":99},"every":"often"}""").post("/sync/sources")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "validation")).body("status", equalTo(400))
                .body("instance", equalTo("/sync/sources")).body("requestId", notNullValue())
                .body("errors.field", hasItems("name", "baseUrl", "path", "auth.usernameEnv", "auth.passwordEnv",
                        "pagination.style", "itemsPointer", "idPointer", "concurrency", "requestTimeoutMs",
                        "retry.maxRetries", "every"))
                .body("errors.find { it.field == 'concurrency' }.message", equalTo("must be between 1 and 64"));
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"name\":\"x\",\"baseUrl\":\"http://host.example\",\"idPointer\":\"/id\",\"pagination\":"
                        + "{\"style\":\"cursor\"}}")
                .post("/sync/sources").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("pagination.nextCursorPointer"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"name\":\"x\",")
                .post("/sync/sources").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "malformed-request"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{}")
                .post("/sync/sources/examples/yelp-programs").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "validation")).body("errors.field", containsInAnyOrder("baseUrl"));
        assertEquals(sourcesBefore, count("SELECT count(*) FROM sources"), "nothing stored");

        Response created = given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"baseUrl\":\"https://partner-api.yelp.com/\"}").post("/sync/sources/examples/yelp-programs");
        created.then().statusCode(201).contentType("application/json")
                .header("Location", endsWith("/sync/sources/" + created.path("id")))
                .body("name", equalTo("Yelp partner programs")).body("baseUrl", equalTo("https://partner-api.yelp.com"))
                .body("path", equalTo("/programs/v1")).body("query.program_status", equalTo("ALL"))
                .body("auth.type", equalTo("basic")).body("auth.usernameEnv", equalTo("YELP_PARTNER_USER"))
                .body("auth.passwordEnv", equalTo("YELP_PARTNER_PASSWORD")).body("auth", not(hasKey("tokenEnv")))
                .body("pagination.style", equalTo("offset-limit")).body("pagination.pageSize", equalTo(40))
                .body("itemsPointer", equalTo("/payment_programs")).body("totalPointer", equalTo("/total"))
                .body("idPointer", equalTo("/program_id")).body("concurrency", equalTo(16))
                .body("retry.maxRetries", equalTo(4)).body("upsertOnly", equalTo(false));
        String id = created.path("id");
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + id).then().statusCode(200)
                .body("pagination.offsetParam", equalTo("offset")).body("pagination.limitParam", equalTo("limit"));
        assertEquals("/payment_programs", text("SELECT spec->>'itemsPointer' FROM sources WHERE id = ?", UUID.fromString(id)));
        given().auth().oauth2(OPERATOR).delete("/sync/sources/" + id).then().statusCode(204);
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + id).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "not-found"));
    }

    @Test
    void aRunMirrorsTheCatalogueWithBasicAuthThroughA500AndA429WhileItsEventsStream() throws Exception {
        ProgramsApi.programs(130);
        // a name in three scripts: the payload must come back as the upstream sent it, through JSONB
        ProgramsApi.PROGRAMS.set(2, ProgramsApi.program(3, "CPC").put("name", "Кафе «Ёлка» — 東京 café ✓"));
        ProgramsApi.ERRORS.put(40, new AtomicInteger(2));
        ProgramsApi.TOO_MANY.put(80, new AtomicInteger(1));
        String source = yelpSource(20, 4);
        String metricsBefore = metrics();
        ProgramsApi.hold();

        Response started = given().auth().oauth2(OPERATOR).post("/sync/sources/" + source + "/runs");
        started.then().statusCode(202).contentType("application/json")
                .body("status", equalTo("queued")).body("sourceId", equalTo(source))
                .body("sourceName", equalTo("Yelp partner programs")).body("createdAt", notNullValue());
        String run = started.path("id");
        assertTrue(started.header("Location").endsWith("/sync/runs/" + run), started.header("Location"));
        CompletableFuture<String> live = CompletableFuture.supplyAsync(() -> given().auth().oauth2(OPERATOR)
                .accept("text/event-stream").get("/sync/runs/" + run + "/events").then().statusCode(200)
                .contentType(startsWith("text/event-stream")).extract().asString());
        awaitInFlight(4);
        Thread.sleep(200);
        ProgramsApi.release();
        String stream = live.get(30, TimeUnit.SECONDS);

        List<Event> events = events(stream);
        List<String> names = events.stream().map(Event::name).toList();
        assertEquals(List.of("queued", "start", "info"), names.subList(0, 3), names.toString());
        assertEquals("complete", names.get(names.size() - 1), names.toString());
        assertTrue(names.subList(3, names.size() - 1).stream().allMatch("progress"::equals), names.toString());
        assertTrue(names.contains("progress"), names.toString());
        JsonObject info = events.get(2).data();
        assertEquals(130, info.getInteger("total"));
        assertEquals(7, info.getInteger("pages"));
        JsonObject lastProgress = events.get(events.size() - 2).data();
        assertEquals(7, lastProgress.getInteger("pagesDone"));
        assertEquals(130, lastProgress.getInteger("items"));
        JsonObject complete = events.get(events.size() - 1).data();
        assertEquals(130, complete.getInteger("added"));
        assertEquals(0, complete.getInteger("deleted"));
        assertNotNull(complete.getValue("itemsPerSecond"), complete.encode());
        // resuming after the start event gives the rest, the final event included
        String resumed = given().auth().oauth2(OPERATOR).accept("text/event-stream")
                .header("Last-Event-ID", events.get(1).id()).get("/sync/runs/" + run + "/events").then()
                .statusCode(200).extract().asString();
        assertEquals(names.subList(2, names.size()), events(resumed).stream().map(Event::name).toList());

        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("startedAt", notNullValue())
                .body("finishedAt", notNullValue()).body("failure", nullValue())
                .body("stats.total", equalTo(130)).body("stats.pages", equalTo(7)).body("stats.pagesDone", equalTo(7))
                .body("stats.items", equalTo(130)).body("stats.retries", equalTo(3)).body("stats.added", equalTo(130))
                .body("stats.updated", equalTo(0)).body("stats.unchanged", equalTo(0)).body("stats.deleted", equalTo(0));

        // what the emulator saw: Basic auth on every request, the 500 page asked three times, the 429 one after 1 s,
        // and the first page again at the end (the total is checked once more before anything is deleted)
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((ProgramsApi.USER + ":" + ProgramsApi.PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<LoggedRequest> sent = ProgramsApiStub.server().findAll(getRequestedFor(urlPathEqualTo("/programs/v1")));
        assertEquals(7 + 2 + 1 + 1, sent.size(), ProgramsApi.ARRIVALS.keySet().toString());
        assertEquals(2, ProgramsApi.ARRIVALS.get(0).size());
        assertTrue(sent.stream().allMatch(request -> basic.equals(request.getHeader("Authorization"))));
        assertTrue(sent.stream().allMatch(request -> "ALL".equals(request.queryParameter("program_status").firstValue())));
        assertEquals(3, ProgramsApi.ARRIVALS.get(40).size());
        List<Long> arrivals = ProgramsApi.ARRIVALS.get(80);
        assertEquals(2, arrivals.size());
        assertTrue(arrivals.get(1) - arrivals.get(0) >= 950, "waited as Retry-After asked: " + arrivals);

        // the mirror: every program, its JSON as sent, through JSONB and back, in keyset pages
        UUID sourceId = UUID.fromString(source);
        assertEquals(130, count("SELECT count(*) FROM sync_items WHERE source_id = ?", sourceId));
        assertEquals(0, count("SELECT count(*) FROM sync_staging WHERE run_id = ?", UUID.fromString(run)));
        assertEquals("Кафе «Ёлка» — 東京 café ✓",
                text("SELECT data->>'name' FROM sync_items WHERE source_id = ? AND item_id = 'prog-00003'", sourceId));
        assertEquals("object", text("SELECT jsonb_typeof(data->'budget') FROM sync_items WHERE source_id = ? "
                + "AND item_id = 'prog-00007'", sourceId));
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = given().auth().oauth2(OPERATOR).queryParam("limit", 50)
                    .queryParam("cursor", cursor == null ? new Object[0] : new Object[] { cursor })
                    .get("/sync/sources/" + source + "/items");
            page.then().statusCode(200).body("items[0].firstSeenAt", notNullValue())
                    .body("items[0].lastSeenAt", notNullValue()).body("items[0].lastChangedAt", notNullValue())
                    .body("items[0]", not(hasKey("seq")));
            ids.addAll(page.path("items.id"));
            JsonPath body = page.jsonPath();
            if (body.getList("items.id").contains("prog-00003")) {
                assertEquals("Кафе «Ёлка» — 東京 café ✓", body.getString("items.find { it.id == 'prog-00003' }.data.name"));
                assertEquals(1003, body.getInt("items.find { it.id == 'prog-00003' }.data.budget.amount"));
                assertEquals("USD", body.getString("items.find { it.id == 'prog-00003' }.data.budget.currency"));
                assertEquals(List.of("LINK_TRACKING"), body.getList("items.find { it.id == 'prog-00003' }.data.active_features"));
            }
            cursor = page.path("nextCursor");
            if (cursor != null) {
                assertTrue(page.header("Link").contains("rel=\"next\""), page.header("Link"));
            }
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(130, ids.size());
        assertEquals(130, new HashSet<>(ids).size());
        assertTrue(ids.contains("prog-00003") && ids.contains("prog-00130"));

        // the business metrics moved by exactly this run; the jobs module's are there
        String metricsAfter = metrics();
        assertEquals(1, delta(metricsBefore, metricsAfter, "dnevnik_sync_runs_total", "outcome=\"succeeded\""));
        assertEquals(130, delta(metricsBefore, metricsAfter, "dnevnik_sync_items_total", "change=\"added\""));
        assertEquals(3, delta(metricsBefore, metricsAfter, "dnevnik_sync_retries_total"));
        assertEquals(2, delta(metricsBefore, metricsAfter, "dnevnik_sync_page_fetches_total", "outcome=\"500\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "dnevnik_sync_page_fetches_total", "outcome=\"429\""));
        assertEquals(8, delta(metricsBefore, metricsAfter, "dnevnik_sync_page_fetches_total", "outcome=\"ok\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "dnevnik_sync_run_duration_seconds_count",
                "outcome=\"succeeded\""));
        assertEquals(1, delta(metricsBefore, metricsAfter, "dnevnik_job_attempts_total", "kind=\"sync-run\"",
                "outcome=\"succeeded\""));
        assertTrue(value(metricsAfter, "dnevnik_job_queue_wait_seconds_count", "kind=\"sync-run\"") >= 1);
        assertNotNull(valueOrNull(metricsAfter, "dnevnik_jobs", "kind=\"sync-run\"", "state=\"succeeded\""),
                "the jobs gauge of the sync-run kind");
        assertEquals(0, value(metricsAfter, "dnevnik_sync_runs_in_progress"));
        assertEquals(0, value(metricsAfter, "dnevnik_sync_page_requests_in_flight"));
    }

    @Test
    void aSecondRunAppliesOnlyWhatChangedUpstream() throws Exception {
        ProgramsApi.programs(45);
        String source = yelpSource(20, 4);
        UUID sourceId = UUID.fromString(source);
        String first = runToEnd(source);
        assertEquals(45, count("SELECT count(*) FROM sync_items WHERE source_id = ?", sourceId));
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        ProgramsApi.PROGRAMS.remove(9);
        ProgramsApi.PROGRAMS.set(0, ProgramsApi.program(1, "CPM"));

        String second = runToEnd(source);

        given().auth().oauth2(OPERATOR).get("/sync/runs/" + second).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("stats.added", equalTo(0)).body("stats.updated", equalTo(1))
                .body("stats.unchanged", equalTo(43)).body("stats.deleted", equalTo(1));
        assertEquals(44, count("SELECT count(*) FROM sync_items WHERE source_id = ?", sourceId));
        assertEquals(0, count("SELECT count(*) FROM sync_items WHERE source_id = ? AND item_id = 'prog-00010'", sourceId));
        assertEquals("CPM", text("SELECT data->>'program_type' FROM sync_items WHERE source_id = ? "
                + "AND item_id = 'prog-00001'", sourceId));
        assertEquals(1, count("SELECT count(*) FROM sync_items WHERE source_id = ? AND item_id = 'prog-00001' "
                + "AND last_changed_at > first_seen_at", sourceId), "the changed one has a new change time");
        assertEquals(43, count("SELECT count(*) FROM sync_items WHERE source_id = ? AND last_changed_at = first_seen_at "
                + "AND last_seen_at > first_seen_at", sourceId), "the others were seen again, unchanged");
        assertEquals("1", text("SELECT stats->>'deleted' FROM sync_runs WHERE id = ?", UUID.fromString(second)));
        assertEquals(2, count("SELECT count(*) FROM sync_runs WHERE source_id = ? AND status = 'succeeded'", sourceId));

        given().auth().oauth2(OPERATOR).queryParam("changedSince", between.toString())
                .get("/sync/sources/" + source + "/items").then().statusCode(200)
                .body("items.id", containsInAnyOrder("prog-00001")).body("items[0].data.program_type", equalTo("CPM"))
                .body("items[0].data.budget.amount", equalTo(1001));
        given().auth().oauth2(OPERATOR).queryParam("changedSince", "yesterday").queryParam("limit", "0")
                .get("/sync/sources/" + source + "/items").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("changedSince", "limit"));
        Response page = given().auth().oauth2(OPERATOR).get("/sync/sources/" + source + "/runs?limit=1");
        page.then().statusCode(200).body("items.id", containsInAnyOrder(second))
                .header("Link", containsString("rel=\"next\""));
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + source + "/runs?limit=1&cursor=" + page.path("nextCursor"))
                .then().statusCode(200).body("items.id", containsInAnyOrder(first)).body("nextCursor", nullValue());
    }

    @Test
    void aSecondRunWhileOneRunsIsAConflictAndACancelledRunAppliesNothing() throws Exception {
        ProgramsApi.programs(100);
        String source = yelpSource(20, 4);
        UUID sourceId = UUID.fromString(source);
        ProgramsApi.hold();
        String run = given().auth().oauth2(OPERATOR).post("/sync/sources/" + source + "/runs").then().statusCode(202)
                .extract().path("id");

        given().auth().oauth2(OPERATOR).post("/sync/sources/" + source + "/runs").then().statusCode(409)
                .contentType(PROBLEM_JSON).body("type", equalTo(PROBLEMS + "sync/run-in-progress"))
                .body("status", equalTo(409)).body("detail", containsString(run));
        assertEquals(1, count("SELECT count(*) FROM sync_runs WHERE source_id = ?", sourceId));

        awaitInFlight(4);
        given().auth().oauth2(OPERATOR).post("/sync/runs/" + run + "/cancel").then().statusCode(202)
                .body("id", equalTo(run));
        ProgramsApi.release();
        assertEquals("cancelled", awaitEnd(run).getString("status"));
        String stream = given().auth().oauth2(OPERATOR).accept("text/event-stream").get("/sync/runs/" + run + "/events")
                .then().statusCode(200).extract().asString();
        List<String> names = events(stream).stream().map(Event::name).toList();
        assertEquals("cancelled", names.get(names.size() - 1), names.toString());
        Thread.sleep(300);
        assertEquals(0, count("SELECT count(*) FROM sync_items WHERE source_id = ?", sourceId), "nothing applied");
        assertEquals(0, count("SELECT count(*) FROM sync_staging WHERE run_id = ?", UUID.fromString(run)));
        assertTrue(ProgramsApi.REQUESTS.get() < 10, "fetching stopped: " + ProgramsApi.REQUESTS.get());
        given().auth().oauth2(OPERATOR).post("/sync/runs/" + run + "/cancel").then().statusCode(409)
                .contentType(PROBLEM_JSON).body("type", equalTo(PROBLEMS + "sync/run-finished"));
        given().auth().oauth2(OPERATOR).post("/sync/runs/" + UUID.randomUUID() + "/cancel").then().statusCode(404)
                .contentType(PROBLEM_JSON).body("type", equalTo(PROBLEMS + "not-found"));

        // once it has ended the source runs again
        String next = runToEnd(source);
        assertEquals("succeeded", awaitEnd(next).getString("status"));
        assertEquals(100, count("SELECT count(*) FROM sync_items WHERE source_id = ?", sourceId));
    }

    @Test
    void anIdempotencyKeyStartsOneRunAndReplaysItsAnswer() throws Exception {
        ProgramsApi.programs(20);
        String source = yelpSource(20, 4);
        String key = "sync-it-" + UUID.randomUUID();

        Response first = given().auth().oauth2(OPERATOR).header("Idempotency-Key", key)
                .post("/sync/sources/" + source + "/runs");
        Response replay = given().auth().oauth2(OPERATOR).header("Idempotency-Key", key)
                .post("/sync/sources/" + source + "/runs");

        first.then().statusCode(202).header("Location", endsWith("/sync/runs/" + first.path("id")));
        replay.then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first.path("id")))
                .body("sourceId", equalTo(source)).header("Location", equalTo(first.header("Location")));
        assertNull(first.header("Idempotent-Replayed"));
        String other = yelpSource(20, 4);
        given().auth().oauth2(OPERATOR).header("Idempotency-Key", key).post("/sync/sources/" + other + "/runs").then()
                .statusCode(422).contentType(PROBLEM_JSON).body("type", equalTo(PROBLEMS + "idempotency-key-reused"));
        assertEquals("succeeded", awaitEnd(first.path("id")).getString("status"));
        assertEquals(1, count("SELECT count(*) FROM sync_runs WHERE source_id = ?", UUID.fromString(source)));
        assertEquals(0, count("SELECT count(*) FROM sync_runs WHERE source_id = ?", UUID.fromString(other)));
        assertEquals(1, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
    }

    @Test
    void aCursorPaginatedSourceFollowsTheNextCursorPageAfterPage() throws Exception {
        ProgramsApi.programs(95);
        Response created = given().auth().oauth2(OPERATOR).contentType("application/json").body(new JsonObject()
                .put("name", "Programs by cursor").put("baseUrl", ProgramsApiStub.baseUrl()).put("path", "/programs/v1")
                .put("query", new JsonObject().put("program_status", "ALL"))
                .put("auth", new JsonObject().put("type", "basic").put("usernameEnv", "YELP_PARTNER_USER")
                        .put("passwordEnv", "YELP_PARTNER_PASSWORD"))
                .put("pagination", new JsonObject().put("style", "cursor").put("pageSize", 20).put("sizeParam", "limit")
                        .put("cursorParam", "offset").put("nextCursorPointer", "/next"))
                .put("itemsPointer", "/payment_programs").put("idPointer", "/program_id").put("concurrency", 4)
                .put("retry", new JsonObject().put("maxRetries", 2).put("initialBackoffMs", 20).put("maxBackoffMs", 100))
                .encode()).post("/sync/sources");
        created.then().statusCode(201).body("pagination.style", equalTo("cursor"))
                .body("pagination.nextCursorPointer", equalTo("/next")).body("totalPointer", nullValue());
        String source = created.path("id");

        String run = runToEnd(source);

        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("stats.pagesDone", equalTo(5))
                .body("stats.items", equalTo(95)).body("stats.added", equalTo(95));
        assertEquals(95, count("SELECT count(*) FROM sync_items WHERE source_id = ?", UUID.fromString(source)));
        List<LoggedRequest> sent = ProgramsApiStub.server().findAll(getRequestedFor(urlPathEqualTo("/programs/v1")));
        assertEquals(5, sent.size());
        assertFalse(sent.get(0).queryParameter("offset").isPresent(), "the first page has no cursor");
        assertEquals(List.of("20", "40", "60", "80"),
                sent.subList(1, 5).stream().map(request -> request.queryParameter("offset").firstValue()).toList());
    }

    @Test
    void onlyOperatorsGetInAndTokensAreVerified() {
        UUID id = UUID.randomUUID();
        String user = TestTokens.user(id);
        for (String path : List.of("/sync/sources", "/sync/runs", "/sync/runs/" + UUID.randomUUID())) {
            given().auth().oauth2(user).get(path).then().statusCode(403).contentType(PROBLEM_JSON)
                    .body("type", equalTo(PROBLEMS + "forbidden"));
            given().get(path).then().statusCode(401).contentType(PROBLEM_JSON)
                    .body("type", equalTo(PROBLEMS + "unauthorized"));
        }
        given().auth().oauth2(user).contentType("application/json").body("{\"baseUrl\":\"http://x.example\"}")
                .post("/sync/sources/examples/yelp-programs").then().statusCode(403).contentType(PROBLEM_JSON);
        given().auth().oauth2(user).post("/sync/sources/" + UUID.randomUUID() + "/runs").then().statusCode(403);
        given().auth().oauth2(TestTokens.forged(id)).get("/sync/sources").then().statusCode(401)
                .contentType(PROBLEM_JSON).body("type", equalTo(PROBLEMS + "unauthorized"));
        given().auth().oauth2(TestTokens.expired(id)).get("/sync/sources").then().statusCode(401)
                .contentType(PROBLEM_JSON);
        given().auth().oauth2(TestTokens.withIssuer(id, "urn:someone:else")).get("/sync/sources").then().statusCode(401);
        given().auth().oauth2(OPERATOR).get("/sync/sources").then().statusCode(200);
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.status", hasItem("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // the jobs module's gauges exist from the start (sync's own appear with its first run)
        assertNotNull(valueOrNull(metrics(), "dnevnik_jobs", "kind=\"sync-run\"", "state=\"queued\""));
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("Dnevnik sync-service"))
                .body("paths", hasKey("/sync/sources/examples/yelp-programs"))
                .body("paths", hasKey("/sync/runs/{id}/events"))
                .body("paths.'/sync/sources'.post.operationId", equalTo("createSyncSource"))
                .body("components.schemas", hasKey("SourceSpec")).body("components.schemas", hasKey("RunView"))
                .body("components.securitySchemes", hasKey("jwt"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("startSyncRun"));
    }

    // ---- helpers ----

    /** The Yelp example pointed at the emulator, with pages of {@code pageSize}, the cap and quick retries. */
    private static String yelpSource(int pageSize, int concurrency) {
        String id = given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"baseUrl\":\"" + ProgramsApiStub.baseUrl() + "\"}").post("/sync/sources/examples/yelp-programs")
                .then().statusCode(201).extract().path("id");
        JsonObject spec = new JsonObject(given().auth().oauth2(OPERATOR).get("/sync/sources/" + id).then()
                .statusCode(200).extract().asString());
        spec.getJsonObject("pagination").put("pageSize", pageSize);
        spec.put("concurrency", concurrency)
                .put("retry", new JsonObject().put("maxRetries", 3).put("initialBackoffMs", 20).put("maxBackoffMs", 200))
                .put("requestTimeoutMs", 5000);
        given().auth().oauth2(OPERATOR).contentType("application/json").body(spec.encode()).put("/sync/sources/" + id)
                .then().statusCode(200).body("pagination.pageSize", equalTo(pageSize))
                .body("retry.initialBackoffMs", equalTo(20));
        return id;
    }

    /** Starts a run, waits for its end and returns its id; it must have succeeded. */
    private static String runToEnd(String source) throws InterruptedException {
        String run = given().auth().oauth2(OPERATOR).post("/sync/sources/" + source + "/runs").then().statusCode(202)
                .extract().path("id");
        JsonPath ended = awaitEnd(run);
        assertEquals("succeeded", ended.getString("status"), ended.prettify());
        return run;
    }

    /** The run once it has ended (at most 20 s). */
    private static JsonPath awaitEnd(String run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            JsonPath view = given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().statusCode(200).extract()
                    .jsonPath();
            String status = view.getString("status");
            if (!status.equals("queued") && !status.equals("running")) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + run + " still " + status + " after 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitInFlight(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProgramsApi.IN_FLIGHT.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + ProgramsApi.IN_FLIGHT.get() + " requests in flight");
            }
            Thread.sleep(20);
        }
    }

    private record Event(String id, String name, JsonObject data) {
    }

    /** The events of an SSE stream (comments such as keep-alives skipped). */
    private static List<Event> events(String stream) {
        List<Event> events = new ArrayList<>();
        Matcher event = Pattern.compile("id:\\s?(\\d+)\\nevent:\\s?(\\w+)\\ndata:\\s?(.*)\\n").matcher(stream);
        while (event.find()) {
            events.add(new Event(event.group(1), event.group(2), new JsonObject(event.group(3))));
        }
        assertFalse(events.isEmpty(), "no events in: " + stream);
        return events;
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String name, String... labels) {
        Double was = valueOrNull(before, name, labels);
        return value(after, name, labels) - (was == null ? 0 : was);
    }

    private static double value(String metrics, String name, String... labels) {
        Double value = valueOrNull(metrics, name, labels);
        if (value == null) {
            throw new AssertionError("no " + name + " " + List.of(labels) + " in /q/metrics");
        }
        return value;
    }

    /** The value of the series of {@code name} having all the labels, or null. */
    private static Double valueOrNull(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    private static long count(String sql, Object... args) {
        return PostgresTestResource.queryLong(sql, args);
    }

    private static String text(String sql, Object... args) {
        return PostgresTestResource.queryString(sql, args);
    }
}
