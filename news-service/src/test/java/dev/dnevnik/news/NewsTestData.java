package dev.dnevnik.news;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rows the tests need, written straight to the service's database. */
public final class NewsTestData {

    private NewsTestData() {
    }

    /** A feed that nothing fetches (its next check far away). */
    public static UUID feed(Pool db, String category, String language) {
        UUID id = UUID.randomUUID();
        db.preparedQuery("INSERT INTO feeds (id, url, category, language, next_check_at) "
                + "VALUES ($1, $2, $3, $4, now() + interval '1 year')")
                .execute(Tuple.of(id, "https://feeds.example/" + id, category, language)).await().indefinitely();
        return id;
    }

    public static UUID item(Pool db, UUID feedId, String category, String title, String summary, Instant published) {
        UUID id = UUID.randomUUID();
        db.preparedQuery("""
                INSERT INTO news_items (id, feed_id, item_key, category, title, summary, link, published_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.tuple().addUUID(id).addUUID(feedId).addString(id.toString()).addString(category)
                        .addString(title).addString(summary).addString("https://news.example/" + id)
                        .addOffsetDateTime(published.atOffset(ZoneOffset.UTC)))
                .await().indefinitely();
        return id;
    }

    /** Waits until the job has finished (at most 20 s) and returns its state. */
    public static String awaitJob(Pool db, UUID jobId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var rows = db.preparedQuery("SELECT state FROM jobs WHERE id = $1").execute(Tuple.of(jobId))
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
        throw new AssertionError("job " + jobId + " did not finish in 20 s");
    }

    public static long count(Pool db, String sql, Object... args) {
        return db.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    /** Forgets every news item, feed, event, subscription, digest and job. */
    public static void clean(Pool db) {
        db.query("TRUNCATE news_items, feeds, events, subscriptions, digests, jobs, job_events, idempotency_keys")
                .execute().await().indefinitely();
    }
}
