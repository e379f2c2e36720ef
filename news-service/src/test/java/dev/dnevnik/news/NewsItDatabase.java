package dev.dnevnik.news;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.dnevnik.testing.PostgresTestResource;

/**
 * The database of the packaged news-service under {@code @QuarkusIntegrationTest}: a {@link PostgresTestResource}
 * that remembers which database it gave the service, so the test (another process) can check and prepare state over
 * JDBC.
 */
public class NewsItDatabase extends PostgresTestResource {

    private static volatile String database;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        String url = config.get("quarkus.datasource.jdbc.url");
        database = url.substring(url.lastIndexOf('/') + 1);
        return config;
    }

    public static Connection connect() throws SQLException {
        if (database == null) {
            throw new IllegalStateException("NewsItDatabase has not started");
        }
        return PostgresTestResource.server().connect(database);
    }

    /** Runs a statement; the number of rows it changed. */
    public static int update(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row, as strings. */
    public static List<String> column(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static long count(String sql, Object... args) {
        return Long.parseLong(column(sql, args).get(0));
    }

    /** Forgets every news item, feed, event, subscription, digest, job and idempotency key (not the categories). */
    public static void clean() {
        update("TRUNCATE news_items, feeds, events, subscriptions, digests, jobs, job_events, idempotency_keys");
    }

    /** Waits until the job has finished (at most 20 s) and returns its final state. */
    public static String awaitJob(UUID jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> state = column("SELECT state FROM jobs WHERE id = ?", jobId);
            if (!state.isEmpty() && !state.get(0).equals("queued") && !state.get(0).equals("running")) {
                return state.get(0);
            }
            pause();
        }
        throw new AssertionError("job " + jobId + " did not finish in 20 s");
    }

    /** Waits for every refresh job of the feed (the one its creation enqueued) and returns their final states. */
    public static List<String> awaitRefreshesOf(String feedId) {
        List<String> states = new ArrayList<>();
        for (String job : column("SELECT id FROM jobs WHERE kind = 'feed-refresh' AND payload ->> 'feedId' = ? "
                + "ORDER BY created_at", feedId)) {
            states.add(awaitJob(UUID.fromString(job)));
        }
        if (states.isEmpty()) {
            throw new AssertionError("no refresh job for feed " + feedId);
        }
        return states;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
