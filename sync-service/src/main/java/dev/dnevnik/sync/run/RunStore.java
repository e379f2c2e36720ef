package dev.dnevnik.sync.run;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Run rows (one per sync-run job, same id), the staging table and the mirror's diff. */
@ApplicationScoped
public class RunStore {

    /** Newest first: creation time, id. */
    public static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);
    private static final String COLUMNS = "id, source_id, source_name, status, stats, failure, created_at, started_at, "
            + "finished_at";

    private final Pool db;

    public RunStore(Pool db) {
        this.db = db;
    }

    public Pool pool() {
        return db;
    }

    public static String cursorAfter(RunView run) {
        return CURSOR.encode(run.createdAt(), run.id());
    }

    /** The new run's row, in the transaction that enqueues its job. */
    Uni<RunView> insert(SqlClient client, UUID id, UUID sourceId, String sourceName) {
        return client.preparedQuery("INSERT INTO sync_runs (id, source_id, source_name, status) "
                + "VALUES ($1, $2, $3, 'queued') RETURNING " + COLUMNS).execute(Tuple.of(id, sourceId, sourceName))
                .map(this::first);
    }

    public Uni<RunView> find(UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM sync_runs WHERE id = $1").execute(Tuple.of(id))
                .map(this::first);
    }

    /** Newest first; one source's when {@code sourceId} is given. */
    public Uni<List<RunView>> page(UUID sourceId, PageRequest page) {
        Tuple args = Tuple.tuple().addInteger(page.fetchSize()).addUUID(sourceId);
        String after = "";
        if (page.after() != null) {
            after = " AND (created_at, id) < ($3, $4)";
            args.addOffsetDateTime(page.after(0, Instant.class).atOffset(ZoneOffset.UTC)).addUUID(page.after(1, UUID.class));
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM sync_runs WHERE ($2::uuid IS NULL OR source_id = $2)"
                + after + " ORDER BY created_at DESC, id DESC LIMIT $1").execute(args).map(rows -> {
                    List<RunView> runs = new ArrayList<>();
                    for (Row row : rows) {
                        runs.add(view(row));
                    }
                    return runs;
                });
    }

    Uni<Void> started(UUID id) {
        return db.preparedQuery("UPDATE sync_runs SET status = 'running', started_at = coalesce(started_at, now()) "
                + "WHERE id = $1 AND status IN ('queued', 'running')").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** A run that ended without success: its figures, why, and its staged items dropped. */
    Uni<Void> ended(UUID id, String status, String reason, JsonObject stats) {
        return db.withTransaction(tx -> tx.preparedQuery("""
                UPDATE sync_runs SET status = $2, failure = $3, stats = stats || $4, finished_at = now()
                 WHERE id = $1 AND status IN ('queued', 'running')""")
                .execute(Tuple.of(id, status, reason, stats == null ? new JsonObject() : stats))
                .flatMap(ignored -> tx.preparedQuery("DELETE FROM sync_staging WHERE run_id = $1").execute(Tuple.of(id))))
                .replaceWithVoid();
    }

    Uni<Void> stats(UUID id, JsonObject stats) {
        return db.preparedQuery("UPDATE sync_runs SET stats = stats || $2 WHERE id = $1").execute(Tuple.of(id, stats))
                .replaceWithVoid();
    }

    /**
     * Stages a page's items (insert or ignore: an id seen twice in a run is kept once), hashing each in SQL: SHA-256
     * of its canonical form (jsonb's text: keys sorted, whitespace normalised).
     *
     * @return the items that were new to the run
     */
    Uni<Integer> stage(UUID runId, String[] ids, String[] items) {
        return db.preparedQuery("""
                INSERT INTO sync_staging (run_id, item_id, hash, data)
                SELECT $1, t.id, encode(sha256(convert_to(t.data::jsonb::text, 'UTF8')), 'hex'), t.data::jsonb
                  FROM unnest($2::text[], $3::text[]) AS t(id, data)
                 -- a page arriving after its run was cancelled or failed is not staged
                 WHERE EXISTS (SELECT 1 FROM sync_runs WHERE id = $1 AND status = 'running')
                ON CONFLICT (run_id, item_id) DO NOTHING""")
                .execute(Tuple.of(runId, ids, items)).map(RowSet::rowCount);
    }

    Uni<Long> distinctStaged(UUID runId) {
        return db.preparedQuery("SELECT count(*) FROM sync_staging WHERE run_id = $1").execute(Tuple.of(runId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** What applying a run changed. */
    record Diff(long added, long updated, long unchanged, long deleted) {
    }

    /**
     * Applies the staged items to the mirror in one transaction, diffing in SQL: unchanged items (same hash) only
     * seen again, changed ones replaced, new ones added and, when {@code deleteMissing}, the source's items the run
     * did not receive deleted. The staged rows go, and the run row gets its outcome, in the same transaction.
     */
    Uni<Diff> apply(UUID runId, UUID sourceId, boolean deleteMissing, String status, String failure,
            java.util.function.Function<Diff, JsonObject> statsOf) {
        Tuple run = Tuple.of(runId, sourceId);
        // the run's job row, locked: a cancel asked before this point is honoured (nothing applied); one asked after
        // waits for the commit and finds the run applied (its row says so; see ended)
        return db.withTransaction(tx -> tx.preparedQuery(
                "SELECT cancel_requested FROM jobs WHERE id = $1 FOR UPDATE").execute(Tuple.of(runId))
                .invoke(rows -> {
                    if (rows.rowCount() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("cancel_requested"))) {
                        throw dev.dnevnik.jobs.JobFailure.permanent("cancelled before its result was applied; nothing was applied");
                    }
                })
                .flatMap(locked -> tx.preparedQuery("""
                UPDATE sync_items i SET last_seen_at = now()
                  FROM sync_staging s
                 WHERE s.run_id = $1 AND i.source_id = $2 AND i.item_id = s.item_id AND i.hash = s.hash""")
                .execute(run).map(RowSet::rowCount)
                .flatMap(unchanged -> tx.preparedQuery("""
                        UPDATE sync_items i SET data = s.data, hash = s.hash, last_seen_at = now(), last_changed_at = now()
                          FROM sync_staging s
                         WHERE s.run_id = $1 AND i.source_id = $2 AND i.item_id = s.item_id AND i.hash <> s.hash""")
                        .execute(run).map(rows -> new long[] { unchanged, rows.rowCount() }))
                .flatMap(counts -> tx.preparedQuery("""
                        INSERT INTO sync_items (source_id, item_id, hash, data, first_seen_at, last_seen_at, last_changed_at)
                        SELECT $2, item_id, hash, data, now(), now(), now() FROM sync_staging WHERE run_id = $1
                        ON CONFLICT (source_id, item_id) DO NOTHING""")
                        .execute(run).map(rows -> new long[] { counts[0], counts[1], rows.rowCount() }))
                .flatMap(counts -> (deleteMissing ? tx.preparedQuery("""
                        DELETE FROM sync_items i
                         WHERE i.source_id = $2
                           AND NOT EXISTS (SELECT 1 FROM sync_staging s WHERE s.run_id = $1 AND s.item_id = i.item_id)""")
                        .execute(run).map(RowSet::rowCount) : Uni.createFrom().item(0))
                        .map(deleted -> new Diff(counts[2], counts[1], counts[0], deleted)))
                .call(diff -> tx.preparedQuery("DELETE FROM sync_staging WHERE run_id = $1").execute(Tuple.of(runId)))
                .call(diff -> tx.preparedQuery("""
                        UPDATE sync_runs SET status = $2, failure = $3, stats = stats || $4, finished_at = now()
                         WHERE id = $1""").execute(Tuple.of(runId, status, failure, statsOf.apply(diff))))));
    }

    private RunView first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : view(rows.iterator().next());
    }

    private static RunView view(Row row) {
        return new RunView(row.getUUID("id"), row.getUUID("source_id"), row.getString("source_name"),
                row.getString("status"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("started_at")), instant(row.getOffsetDateTime("finished_at")),
                RunStats.of(row.getJsonObject("stats")), row.getString("failure"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
