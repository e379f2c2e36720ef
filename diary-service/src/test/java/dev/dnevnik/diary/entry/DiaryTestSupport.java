package dev.dnevnik.diary.entry;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.dnevnik.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/** Requests as a given user, and direct looks into the database to check what a request really changed. */
final class DiaryTestSupport {

    private DiaryTestSupport() {
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** Follows a link the service produced: it is already percent-encoded and must be sent as is. */
    static io.restassured.response.Response follow(UUID user, String link) {
        return as(user).urlEncodingEnabled(false).get(link);
    }

    /** Creates a text entry through the API and returns its id. */
    static String createEntry(UUID user, Map<String, Object> body) {
        return as(user).body(body).post("/entries").then().statusCode(201).extract().path("id");
    }

    static long countEntries(Pool db, UUID user) {
        return db.preparedQuery("SELECT count(*) FROM entries WHERE user_id = $1").execute(Tuple.of(user))
                .await().indefinitely().iterator().next().getLong(0);
    }

    static Row entryRow(Pool db, String id) {
        var rows = db.preparedQuery("SELECT * FROM entries WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().indefinitely();
        return rows.rowCount() == 0 ? null : rows.iterator().next();
    }

    /** The current value of a Prometheus counter series, 0 when absent. */
    static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /**
     * Makes the database fail under a request the way a PostgreSQL restart does: the entries table is locked so the
     * request's insert waits, then the server terminates the waiting connection ("terminating connection due to
     * administrator command", SQLSTATE 57P01). Returns the request's answer; the lock is gone afterwards.
     */
    static io.restassured.response.Response whileTheDatabaseDropsTheConnection(Pool db,
            Supplier<io.restassured.response.Response> request) throws Exception {
        SqlConnection locker = db.getConnection().await().indefinitely();
        try {
            Transaction lock = locker.begin().await().indefinitely();
            locker.query("LOCK TABLE entries IN SHARE ROW EXCLUSIVE MODE").execute().await().indefinitely();
            CompletableFuture<io.restassured.response.Response> answer = CompletableFuture.supplyAsync(request);
            int waiting = awaitInsertWaitingOnTheLock(db);
            db.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(waiting)).await().indefinitely();
            io.restassured.response.Response response = answer.join();
            lock.rollback().await().indefinitely();
            return response;
        } finally {
            locker.close().await().indefinitely();
        }
    }

    private static int awaitInsertWaitingOnTheLock(Pool db) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            var rows = db.query("""
                    SELECT pid FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'
                       AND query ILIKE 'insert into entries%'""").execute().await().indefinitely();
            if (rows.rowCount() > 0) {
                return rows.iterator().next().getInteger("pid");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the request never reached the locked table");
    }
}
