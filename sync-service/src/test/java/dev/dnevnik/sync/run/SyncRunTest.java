package dev.dnevnik.sync.run;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dnevnik.sync.SyncTestData.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.sync.ProgramsApi;
import dev.dnevnik.sync.ProgramsApiStub;
import dev.dnevnik.sync.SyncTestData;
import dev.dnevnik.sync.SyncTestResources;
import dev.dnevnik.testing.CapturedLogs;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs against the Yelp programs stand-in: complete runs mirror every program (retrying transient errors, waiting as
 * Retry-After asks, never above the cap); incomplete ones apply and delete nothing; removed programs go on the next
 * complete run; cancel, SSE order, one run per source, Basic auth sent and never logged.
 */
@QuarkusTest
@SyncTestResources
class SyncRunTest {

    @Inject
    Pool db;

    @BeforeEach
    void clean() {
        ProgramsApiStub.reset();
        SyncTestData.clean(db);
    }

    @AfterEach
    void letGo() {
        ProgramsApi.release();
    }

    @Test
    void mirrorsAllProgramsRetryingAnIntermittentError() {
        ProgramsApi.programs(1913);
        ProgramsApi.ERRORS.put(400, new AtomicInteger(2));
        String source = SyncTestData.source(20, 16, false);

        String run = SyncTestData.run(source);

        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        assertEquals(1913, SyncTestData.items(db, source));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("sourceId", equalTo(source))
                .body("sourceName", equalTo("Yelp partner programs"))
                .body("stats.total", equalTo(1913)).body("stats.pages", equalTo(96)).body("stats.pagesDone", equalTo(96))
                .body("stats.items", equalTo(1913)).body("stats.retries", equalTo(2)).body("stats.added", equalTo(1913))
                .body("stats.updated", equalTo(0)).body("stats.deleted", equalTo(0))
                .body("failure", org.hamcrest.Matchers.nullValue());
        assertEquals(3, ProgramsApi.ARRIVALS.get(400).size(), "the failing page was asked for three times");
        assertEquals(0, SyncTestData.count(db, "SELECT count(*) FROM sync_staging"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("dnevnik_sync_runs_total{outcome=\"succeeded\"}"), metrics);
        assertTrue(metrics.contains("dnevnik_sync_items_total{change=\"added\"}"));
        assertTrue(metrics.contains("dnevnik_sync_retries_total"));
        assertTrue(metrics.contains("dnevnik_sync_page_fetches_total{outcome=\"500\"}"));
    }

    @Test
    void aPageFailingForGoodFailsTheRunAndDeletesNothing() {
        ProgramsApi.programs(100);
        String source = SyncTestData.source(20, 4, false);
        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
        ProgramsApi.PROGRAMS.remove(10);
        ProgramsApi.PROGRAMS.set(0, ProgramsApi.program(1, "CPM"));
        ProgramsApi.BROKEN.add(40);

        String run = SyncTestData.run(source);

        assertEquals("failed", SyncTestData.awaitRun(db, run));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().statusCode(200)
                .body("status", equalTo("failed")).body("failure", containsString("offset 40"))
                .body("failure", containsString("nothing was applied"));
        assertEquals(100, SyncTestData.items(db, source), "nothing deleted");
        assertEquals(1, SyncTestData.count(db, "SELECT count(*) FROM sync_items WHERE item_id = 'prog-00011'"));
        assertEquals(0, SyncTestData.count(db, "SELECT count(*) FROM sync_items WHERE data->>'program_type' = 'CPM'"),
                "nothing updated either");
        assertEquals(0, SyncTestData.count(db, "SELECT count(*) FROM sync_staging"));
    }

    @Test
    void anUpsertOnlySourceKeepsWhatAnIncompleteRunBroughtAndDeletesNothing() {
        ProgramsApi.programs(100);
        String source = SyncTestData.source(20, 4, true);
        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
        ProgramsApi.PROGRAMS.remove(99);
        ProgramsApi.PROGRAMS.set(0, ProgramsApi.program(1, "CPM"));
        ProgramsApi.BROKEN.add(40);

        String run = SyncTestData.run(source);

        assertEquals("failed", SyncTestData.awaitRun(db, run));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("failure", containsString("upserted"))
                .body("stats.updated", equalTo(1)).body("stats.deleted", equalTo(0));
        assertEquals(100, SyncTestData.items(db, source));
        assertEquals(1, SyncTestData.count(db, "SELECT count(*) FROM sync_items WHERE data->>'program_type' = 'CPM'"));
    }

    @Test
    void aProgramRemovedUpstreamIsDeletedOnTheNextCompleteRun() {
        ProgramsApi.programs(100);
        String source = SyncTestData.source(20, 4, false);
        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
        ProgramsApi.PROGRAMS.remove(41);
        ProgramsApi.PROGRAMS.set(0, ProgramsApi.program(1, "CPM"));
        ProgramsApi.PROGRAMS.add(ProgramsApi.program(500, "CPC"));

        String run = SyncTestData.run(source);

        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("stats.added", equalTo(1))
                .body("stats.updated", equalTo(1)).body("stats.unchanged", equalTo(98)).body("stats.deleted", equalTo(1));
        assertEquals(100, SyncTestData.items(db, source));
        assertEquals(0, SyncTestData.count(db, "SELECT count(*) FROM sync_items WHERE item_id = 'prog-00042'"));
    }

    @Test
    void theTotalChangingDuringTheRunDeletesNothing() {
        ProgramsApi.programs(100);
        String source = SyncTestData.source(20, 4, false);
        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
        ProgramsApi.PROGRAMS.remove(41);
        // a program is added upstream once the run has read the total
        ProgramsApi.afterFirst = () -> ProgramsApi.PROGRAMS.add(0, ProgramsApi.program(777, "CPC"));

        String run = SyncTestData.run(source);

        assertEquals("failed", SyncTestData.awaitRun(db, run));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("failure", containsString("incomplete"));
        assertEquals(1, SyncTestData.count(db, "SELECT count(*) FROM sync_items WHERE item_id = 'prog-00042'"),
                "not deleted");
        assertEquals(100, SyncTestData.items(db, source));
    }

    @Test
    void followsCursorsPageAfterPage() {
        ProgramsApi.programs(95);
        String source = SyncTestData.source(20, 4, false);
        JsonObject spec = new JsonObject(given().auth().oauth2(OPERATOR).get("/sync/sources/" + source).asString());
        spec.put("pagination", new JsonObject().put("style", "cursor").put("pageSize", 20).put("sizeParam", "limit")
                .put("cursorParam", "offset").put("nextCursorPointer", "/next"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body(spec.encode()).put("/sync/sources/" + source)
                .then().statusCode(200).body("pagination.style", equalTo("cursor"));

        String run = SyncTestData.run(source);

        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        assertEquals(95, SyncTestData.items(db, source));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("stats.pagesDone", equalTo(5))
                .body("stats.added", equalTo(95));
    }

    @Test
    void followsNumberedPagesWithABearerToken() {
        var server = ProgramsApiStub.server();
        for (int page = 1; page <= 3; page++) {
            io.vertx.core.json.JsonArray data = new io.vertx.core.json.JsonArray();
            for (int i = (page - 1) * 2; i < Math.min(5, page * 2); i++) {
                data.add(new JsonObject().put("sku", "item-" + i).put("price", i * 10));
            }
            server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/catalog"))
                    .withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo(Integer.toString(page)))
                    .withQueryParam("size", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2"))
                    .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer catalog-test-token"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                            new JsonObject().put("meta", new JsonObject().put("count", 5)).put("data", data).encode())));
        }
        String source = given().auth().oauth2(OPERATOR).contentType("application/json").body(new JsonObject()
                .put("name", "catalog by page").put("baseUrl", ProgramsApiStub.baseUrl()).put("path", "/catalog")
                .put("auth", new JsonObject().put("type", "bearer").put("tokenEnv", "CATALOG_TOKEN"))
                .put("pagination", new JsonObject().put("style", "page-size").put("pageSize", 2))
                .put("itemsPointer", "/data").put("totalPointer", "/meta/count").put("idPointer", "/sku").encode())
                .post("/sync/sources").then().statusCode(201).extract().path("id");

        String run = SyncTestData.run(source);

        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        assertEquals(5, SyncTestData.items(db, source));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("stats.pages", equalTo(3))
                .body("stats.added", equalTo(5));
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + source + "/items").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItems("item-0", "item-4"));
    }

    @Test
    void aRunWhoseReplicaDiedIsFailedCleanlyNeverLeftRunning() {
        ProgramsApi.programs(40);
        String source = SyncTestData.source(20, 4, false);
        UUID run = UUID.randomUUID();
        // a run a crashed replica had claimed and half staged: its lease ran out, its only attempt is used up
        db.preparedQuery("""
                INSERT INTO sync_runs (id, source_id, source_name, status, started_at)
                SELECT $1, id, name, 'running', now() FROM sources WHERE id = $2""")
                .execute(Tuple.of(run, UUID.fromString(source))).await().indefinitely();
        db.preparedQuery("""
                INSERT INTO jobs (id, kind, job_key, state, payload, attempt, max_attempts, worker, lease_until, started_at)
                VALUES ($1, 'sync-run', 'source:' || $2, 'running', jsonb_build_object('sourceId', $2::text), 1, 1,
                        'crashed-replica/1', now() - interval '1 second', now())""")
                .execute(Tuple.of(run, source)).await().indefinitely();

        assertEquals("failed", SyncTestData.awaitRun(db, run.toString()));

        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().statusCode(200)
                .body("status", equalTo("failed")).body("failure", containsString("stopped responding"));
        assertEquals(0, SyncTestData.items(db, source), "nothing applied");
        // and the source can run again at once
        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
        assertEquals(40, SyncTestData.items(db, source));
    }

    @Test
    void waitsAsRetryAfterAsks() {
        ProgramsApi.programs(60);
        ProgramsApi.TOO_MANY.put(20, new AtomicInteger(1));
        String source = SyncTestData.source(20, 4, false);

        String run = SyncTestData.run(source);

        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        List<Long> arrivals = ProgramsApi.ARRIVALS.get(20);
        assertEquals(2, arrivals.size());
        assertTrue(arrivals.get(1) - arrivals.get(0) >= 950, "waited about a second: " + arrivals);
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("stats.retries", equalTo(1));
    }

    @Test
    void neverHasMoreRequestsInFlightThanTheCap() {
        ProgramsApi.programs(800);
        ProgramsApi.delayMs = 40;
        String source = SyncTestData.source(20, 5, false);

        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));

        assertTrue(ProgramsApi.MAX_IN_FLIGHT.get() <= 5, "at most 5 in flight: " + ProgramsApi.MAX_IN_FLIGHT.get());
        assertTrue(ProgramsApi.MAX_IN_FLIGHT.get() >= 3, "and concurrently: " + ProgramsApi.MAX_IN_FLIGHT.get());
        assertEquals(800, SyncTestData.items(db, source));
    }

    @Test
    void aCancelledRunStopsAndAppliesNothing() throws Exception {
        ProgramsApi.programs(200);
        String source = SyncTestData.source(20, 4, false);
        ProgramsApi.hold();

        String run = SyncTestData.run(source);
        awaitInFlight(4);
        given().auth().oauth2(OPERATOR).post("/sync/runs/" + run + "/cancel").then().statusCode(202)
                .body("id", equalTo(run));
        ProgramsApi.release();

        assertEquals("cancelled", SyncTestData.awaitRun(db, run));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("status", equalTo("cancelled"));
        Thread.sleep(300);
        assertEquals(0, SyncTestData.items(db, source));
        assertTrue(ProgramsApi.REQUESTS.get() < 10, "fetching stopped: " + ProgramsApi.REQUESTS.get());
        assertEquals(0, SyncTestData.count(db, "SELECT count(*) FROM sync_staging"));
        given().auth().oauth2(OPERATOR).post("/sync/runs/" + run + "/cancel").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void aSecondRunWhileOneRunsIsAConflict() {
        ProgramsApi.programs(100);
        String source = SyncTestData.source(20, 4, false);
        ProgramsApi.hold();
        String run = SyncTestData.run(source);

        given().auth().oauth2(OPERATOR).post("/sync/sources/" + source + "/runs").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(run));

        ProgramsApi.release();
        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        // once it has ended, the next run may start (awaited: its requests must not reach the next test)
        assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
    }

    @Test
    void anIdempotencyKeyStartsOneRun() {
        ProgramsApi.programs(20);
        String source = SyncTestData.source(20, 4, false);

        var first = given().auth().oauth2(OPERATOR).header("Idempotency-Key", "sync-key-1")
                .post("/sync/sources/" + source + "/runs");
        var replay = given().auth().oauth2(OPERATOR).header("Idempotency-Key", "sync-key-1")
                .post("/sync/sources/" + source + "/runs");

        first.then().statusCode(202).header("Location", containsString("/sync/runs/" + first.path("id")));
        replay.then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first.path("id")));
        assertEquals(1, SyncTestData.count(db, "SELECT count(*) FROM sync_runs"));
    }

    @Test
    void streamsTheRunsEventsInOrder() throws Exception {
        ProgramsApi.programs(400);
        String source = SyncTestData.source(20, 4, false);
        ProgramsApi.hold();
        String run = SyncTestData.run(source);

        CompletableFuture<String> live = CompletableFuture.supplyAsync(() -> given().auth().oauth2(OPERATOR)
                .accept("text/event-stream").get("/sync/runs/" + run + "/events").then().statusCode(200).extract()
                .asString());
        awaitInFlight(4);
        ProgramsApi.release();
        String stream = live.get(30, TimeUnit.SECONDS);

        List<String[]> events = events(stream);
        List<String> names = events.stream().map(event -> event[1]).toList();
        assertEquals(List.of("queued", "start", "info"), names.subList(0, 3), names.toString());
        assertEquals("complete", names.get(names.size() - 1));
        assertTrue(names.subList(3, names.size() - 1).stream().allMatch("progress"::equals), names.toString());
        assertTrue(names.contains("progress"));
        JsonObject info = new JsonObject(events.get(2)[2]);
        assertEquals(400, info.getInteger("total"));
        assertEquals(20, info.getInteger("pages"));
        JsonObject lastProgress = new JsonObject(events.get(events.size() - 2)[2]);
        assertEquals(20, lastProgress.getInteger("pagesDone"));
        assertEquals(400, lastProgress.getInteger("items"));
        JsonObject complete = new JsonObject(events.get(events.size() - 1)[2]);
        assertEquals(400, complete.getInteger("added"));
        assertTrue(complete.containsKey("itemsPerSecond") && complete.containsKey("unchanged")
                && complete.containsKey("deleted") && complete.containsKey("updated"));
    }

    @Test
    void sendsBasicAuthAndNeverLogsTheSecret() {
        ProgramsApi.programs(60);
        String source = SyncTestData.source(20, 4, false);
        String encoded = Base64.getEncoder().encodeToString((ProgramsApi.USER + ":" + ProgramsApi.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));

        String logs;
        try (CapturedLogs captured = CapturedLogs.capture("dev.dnevnik", "io.vertx", "io.quarkus")) {
            assertEquals("succeeded", SyncTestData.awaitRun(db, SyncTestData.run(source)));
            logs = captured.text();
        }

        LoggedRequest sent = ProgramsApiStub.server().findAll(getRequestedFor(urlPathEqualTo("/programs/v1"))).get(0);
        assertEquals("Basic " + encoded, sent.getHeader("Authorization"));
        assertEquals("ALL", sent.queryParameter("program_status").firstValue());
        assertTrue(logs.contains("Sync run"), "the run was logged");
        assertFalse(logs.contains(ProgramsApi.PASSWORD), "the password is not logged");
        assertFalse(logs.contains(encoded), "nor the header");
        String shown = given().auth().oauth2(OPERATOR).get("/sync/sources/" + source).then().statusCode(200)
                .body("auth.passwordEnv", equalTo("YELP_PARTNER_PASSWORD")).extract().asString();
        assertFalse(shown.contains(ProgramsApi.PASSWORD));
    }

    @Test
    void aMissingSecretFailsTheRunNamingTheVariable() {
        ProgramsApi.programs(20);
        String source = SyncTestData.source(20, 4, false);
        JsonObject spec = new JsonObject(given().auth().oauth2(OPERATOR).get("/sync/sources/" + source).asString());
        spec.getJsonObject("auth").put("passwordEnv", "SYNC_TEST_UNSET_PASSWORD");
        given().auth().oauth2(OPERATOR).contentType("application/json").body(spec.encode()).put("/sync/sources/" + source)
                .then().statusCode(200);

        String run = SyncTestData.run(source);

        assertEquals("failed", SyncTestData.awaitRun(db, run));
        given().auth().oauth2(OPERATOR).get("/sync/runs/" + run).then().body("status", equalTo("failed"))
                .body("failure", containsString("SYNC_TEST_UNSET_PASSWORD"));
        assertEquals(0, ProgramsApi.REQUESTS.get());
    }

    @Inject
    SyncScheduler scheduler;

    @Test
    void aDueScheduleRunsTheSourceOnceUntilItsNextTime() {
        ProgramsApi.programs(20);
        String source = SyncTestData.source(20, 4, false);
        JsonObject spec = new JsonObject(given().auth().oauth2(OPERATOR).get("/sync/sources/" + source).asString());
        given().auth().oauth2(OPERATOR).contentType("application/json").body(spec.put("every", "PT1H").encode())
                .put("/sync/sources/" + source).then().statusCode(200);

        scheduler.tick().await().indefinitely();
        scheduler.tick().await().indefinitely();

        assertEquals(1, SyncTestData.count(db, "SELECT count(*) FROM sync_runs"));
        String run = given().auth().oauth2(OPERATOR).get("/sync/runs").then().extract().path("items[0].id");
        assertEquals("succeeded", SyncTestData.awaitRun(db, run));
        assertEquals(20, SyncTestData.items(db, source));
        assertEquals(1, SyncTestData.count(db,
                "SELECT count(*) FROM sources WHERE next_run_at > now() + interval '59 minutes'"));
    }

    private static void awaitInFlight(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProgramsApi.IN_FLIGHT.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + ProgramsApi.IN_FLIGHT.get() + " requests in flight");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The (id, event, data) of each event of an SSE stream. */
    static List<String[]> events(String stream) {
        List<String[]> events = new ArrayList<>();
        Matcher event = Pattern.compile("id:\\s?(\\d+)\\nevent:\\s?(\\w+)\\ndata:\\s?(.*)\\n").matcher(stream);
        while (event.find()) {
            events.add(new String[] { event.group(1), event.group(2), event.group(3) });
        }
        return events;
    }
}
