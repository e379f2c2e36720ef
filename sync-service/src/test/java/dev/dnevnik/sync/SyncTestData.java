package dev.dnevnik.sync;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Sources, runs and database checks for the tests. */
public final class SyncTestData {

    public static final String OPERATOR = dev.dnevnik.testing.TestTokens.admin(UUID.randomUUID());

    private SyncTestData() {
    }

    /** Forgets every source, run, item and job. */
    public static void clean(Pool db) {
        db.query("TRUNCATE sources, sync_runs, sync_items, sync_staging, jobs, job_events, idempotency_keys CASCADE")
                .execute().await().indefinitely();
    }

    /** The Yelp programs example pointed at the stand-in, with pages of {@code pageSize} and the cap. */
    public static String source(int pageSize, int concurrency, boolean upsertOnly) {
        String id = given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"baseUrl\":\"" + ProgramsApiStub.baseUrl() + "\"}")
                .post("/sync/sources/examples/yelp-programs").then().statusCode(201).extract().path("id");
        String body = given().auth().oauth2(OPERATOR).get("/sync/sources/" + id).then().statusCode(200).extract()
                .asString();
        io.vertx.core.json.JsonObject spec = new io.vertx.core.json.JsonObject(body);
        spec.getJsonObject("pagination").put("pageSize", pageSize);
        spec.put("concurrency", concurrency).put("upsertOnly", upsertOnly)
                .put("retry", new io.vertx.core.json.JsonObject().put("maxRetries", 3).put("initialBackoffMs", 20)
                        .put("maxBackoffMs", 200))
                .put("requestTimeoutMs", 5000);
        given().auth().oauth2(OPERATOR).contentType("application/json").body(spec.encode()).put("/sync/sources/" + id)
                .then().statusCode(200);
        return id;
    }

    /** Starts a run and returns its id. */
    public static String run(String sourceId) {
        return given().auth().oauth2(OPERATOR).post("/sync/sources/" + sourceId + "/runs").then().statusCode(202)
                .extract().path("id");
    }

    /** Waits until the run's job has finished (at most 30 s) and returns its state. */
    public static String awaitRun(Pool db, String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var rows = db.preparedQuery("SELECT state FROM jobs WHERE id = $1").execute(Tuple.of(UUID.fromString(runId)))
                    .await().indefinitely();
            String state = rows.rowCount() == 0 ? null : rows.iterator().next().getString("state");
            if (state != null && !state.equals("queued") && !state.equals("running")) {
                return state;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + runId + " did not finish in 30 s");
    }

    public static long count(Pool db, String sql, Object... args) {
        return db.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    public static long items(Pool db, String sourceId) {
        return count(db, "SELECT count(*) FROM sync_items WHERE source_id = $1", UUID.fromString(sourceId));
    }
}
