package dev.dnevnik.news;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.dnevnik.testing.PostgresTestResource;

/**
 * The state of the packaged news-service's database under {@code @QuarkusIntegrationTest} (the service is another
 * process): cleaning it between tests and waiting for its jobs, over JDBC through {@link PostgresTestResource}.
 */
public final class NewsItDatabase {

    private NewsItDatabase() {
    }

    /** Forgets every news item, feed, event, subscription, digest, job and idempotency key (not the categories). */
    public static void clean() {
        PostgresTestResource.execute(
                "TRUNCATE news_items, feeds, events, subscriptions, digests, jobs, job_events, idempotency_keys");
    }

    /** Waits until the job has finished (at most 20 s) and returns its final state. */
    public static String awaitJob(UUID jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> state = PostgresTestResource.queryColumn("SELECT state FROM jobs WHERE id = ?", jobId);
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
        for (String job : PostgresTestResource.queryColumn("SELECT id FROM jobs WHERE kind = 'feed-refresh' "
                + "AND payload ->> 'feedId' = ? ORDER BY created_at", feedId)) {
            states.add(awaitJob(UUID.fromString(job)));
        }
        if (states.isEmpty()) {
            throw new AssertionError("no refresh job for feed " + feedId);
        }
        return states;
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
