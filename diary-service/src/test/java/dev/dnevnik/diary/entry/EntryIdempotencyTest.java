package dev.dnevnik.diary.entry;

import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.countEntries;
import static dev.dnevnik.diary.entry.DiaryTestSupport.whileTheDatabaseDropsTheConnection;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/** A POST retried with the same Idempotency-Key creates one entry and gets the first response back. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class EntryIdempotencyTest {

    @Inject
    Pool db;

    @Test
    void replaysTheFirstResponseAndCreatesOneRow() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("title", "Once", "body", "Только один раз");

        Response first = as(user).header("Idempotency-Key", key).body(body).post("/entries");
        Response retry = as(user).header("Idempotency-Key", key).body(body).post("/entries");

        first.then().statusCode(201);
        assertNull(first.header("Idempotent-Replayed"));
        retry.then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .header("ETag", first.header("ETag"))
                .body("id", equalTo(first.path("id")))
                .body("createdAt", equalTo(first.path("createdAt")));
        assertEquals(1, countEntries(db, user));
    }

    @Test
    void keysAreScopedPerUser() {
        String key = UUID.randomUUID().toString();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        String aliceEntry = as(alice).header("Idempotency-Key", key).body(Map.of("body", "alice")).post("/entries")
                .then().statusCode(201).extract().path("id");
        String bobEntry = as(bob).header("Idempotency-Key", key).body(Map.of("body", "alice")).post("/entries")
                .then().statusCode(201).extract().path("id");

        assertTrue(!aliceEntry.equals(bobEntry));
        assertEquals(1, countEntries(db, alice));
        assertEquals(1, countEntries(db, bob));
    }

    @Test
    void refusesTheSameKeyForADifferentBodyWith422() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        as(user).header("Idempotency-Key", key).body(Map.of("body", "first")).post("/entries").then().statusCode(201);

        as(user).header("Idempotency-Key", key).body(Map.of("body", "different")).post("/entries")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/idempotency-key-reused"));
        assertEquals(1, countEntries(db, user));
    }

    @Test
    void aFailedFirstAttemptLeavesTheKeyFreeForTheRetry() throws Exception {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("body", "written while the database restarted");
        // the first attempt fails inside the action, after the key was claimed: the database drops its connection
        whileTheDatabaseDropsTheConnection(db,
                () -> as(user).header("Idempotency-Key", key).body(body).post("/entries"))
                .then().statusCode(503).header("Retry-After", notNullValue());
        assertEquals(0, keyRows(user, key), "the failed attempt released its key");
        assertEquals(0, countEntries(db, user));

        // the same request under the same key now runs (it is not answered as a replay or as in progress)
        as(user).header("Idempotency-Key", key).body(body).post("/entries").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());
        as(user).header("Idempotency-Key", key).body(body).post("/entries").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        assertEquals(1, countEntries(db, user));
    }

    /**
     * Deterministic race: the first request is held inside its transaction (we lock the entries table), so the
     * duplicate is guaranteed to arrive while the first is in progress.
     */
    @Test
    void answersADuplicateArrivingWhileTheFirstIsInProgressWith409() throws Exception {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("body", "slow first attempt");
        ExecutorService client = Executors.newSingleThreadExecutor();
        SqlConnection locker = db.getConnection().await().indefinitely();
        try {
            Transaction lock = locker.begin().await().indefinitely();
            locker.query("LOCK TABLE entries IN SHARE ROW EXCLUSIVE MODE").execute().await().indefinitely();

            CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                    () -> as(user).header("Idempotency-Key", key).body(body).post("/entries"), client);
            awaitClaim(user, key);

            as(user).header("Idempotency-Key", key).body(body).post("/entries").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://dnevnik.dev/problems/idempotency-key-in-progress"));

            lock.commit().await().indefinitely();
            first.join().then().statusCode(201);
        } finally {
            locker.close().await().indefinitely();
            client.shutdown();
        }
        as(user).header("Idempotency-Key", key).body(body).post("/entries").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        assertEquals(1, countEntries(db, user));
    }

    @Test
    void aBurstOfConcurrentDuplicatesCreatesExactlyOneEntry() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("body", "burst");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> as(user).header("Idempotency-Key", key).body(body).post("/entries"), clients));
            }
            Set<String> createdIds = new HashSet<>();
            for (CompletableFuture<Response> call : calls) {
                Response response = call.join();
                int status = response.statusCode();
                assertTrue(status == 201 || status == 409, "unexpected " + status + ": " + response.asString());
                if (status == 201) {
                    createdIds.add(response.path("id"));
                }
            }
            assertEquals(1, createdIds.size(), "every 201 names the same entry");
        } finally {
            clients.shutdown();
        }
        assertEquals(1, countEntries(db, user));
    }

    @Test
    void anAbandonedClaimIsTakenOverAfterItsLease() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        // a replica crashed while holding this key: an in-progress claim whose lease has run out
        db.preparedQuery("""
                INSERT INTO idempotency_keys (owner, operation, idem_key, fingerprint, state, claim_token, locked_until, expires_at)
                VALUES ($1, 'POST /entries', $2, 'whatever', 'in_progress', gen_random_uuid(), now() - interval '1 second',
                        now() + interval '1 day')""").execute(Tuple.of(user.toString(), key)).await().indefinitely();

        as(user).header("Idempotency-Key", key).body(Map.of("body", "after crash")).post("/entries")
                .then().statusCode(201);
        assertEquals(1, countEntries(db, user));
    }

    private long keyRows(UUID user, String key) {
        return db.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE owner = $1 AND idem_key = $2")
                .execute(Tuple.of(user.toString(), key)).await().indefinitely().iterator().next().getLong(0);
    }

    private void awaitClaim(UUID user, String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (keyRows(user, key) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the first request never claimed its key");
            }
            Thread.sleep(20);
        }
    }
}
