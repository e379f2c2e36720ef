package dev.dnevnik.news.feed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Feeds in SQL: the operators' changes, and what each fetch learned. */
@ApplicationScoped
public class FeedStore {

    /** Feeds are listed newest first: creation time, id. */
    static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);

    private static final String COLUMNS = """
            id, url, title, category, language, enabled, etag, last_modified, body_hash, ttl_seconds, last_fetched_at,
            last_success_at, last_status, error_count, last_error, next_check_at, created_at, updated_at""";

    private final Pool db;

    public FeedStore(Pool db) {
        this.db = db;
    }

    static String cursorAfter(FeedView feed) {
        return CURSOR.encode(feed.createdAt(), feed.id());
    }

    Uni<FeedView> insert(UUID id, FeedInput input) {
        return db.preparedQuery("INSERT INTO feeds (id, url, title, category, language, enabled) "
                + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, input.url(), input.title(), input.category(), input.language(),
                        input.enabled() == null || input.enabled()))
                .map(FeedStore::first);
    }

    /** Replaces what the operator controls; a changed URL forgets the validators of the old one. */
    Uni<FeedView> update(UUID id, FeedInput input) {
        return db.preparedQuery("""
                UPDATE feeds SET title = $3, category = $4, language = $5, enabled = $6, updated_at = now(),
                       etag = CASE WHEN url = $2 THEN etag END,
                       last_modified = CASE WHEN url = $2 THEN last_modified END,
                       body_hash = CASE WHEN url = $2 THEN body_hash END,
                       next_check_at = CASE WHEN url = $2 THEN next_check_at ELSE now() END,
                       error_count = CASE WHEN url = $2 THEN error_count ELSE 0 END,
                       url = $2
                 WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(id, input.url(), input.title(), input.category(), input.language(),
                        input.enabled() == null || input.enabled()))
                .map(FeedStore::first);
    }

    Uni<Boolean> delete(UUID id) {
        return db.preparedQuery("DELETE FROM feeds WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<FeedState> find(UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM feeds WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : state(rows.iterator().next()));
    }

    Uni<List<FeedView>> page(PageRequest page) {
        Tuple args = Tuple.tuple();
        String after = "";
        if (page.after() != null) {
            after = " WHERE (created_at, id) < ($2, $3)";
            args.addInteger(page.fetchSize()).addOffsetDateTime(page.after(0, Instant.class).atOffset(ZoneOffset.UTC))
                    .addUUID(page.after(1, UUID.class));
        } else {
            args.addInteger(page.fetchSize());
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM feeds" + after
                + " ORDER BY created_at DESC, id DESC LIMIT $1").execute(args).map(rows -> {
                    List<FeedView> feeds = new ArrayList<>();
                    for (Row row : rows) {
                        feeds.add(state(row).view());
                    }
                    return feeds;
                });
    }

    /** Enabled feeds whose next check has come, most overdue first. */
    Uni<List<UUID>> due(int limit) {
        return db.preparedQuery("SELECT id FROM feeds WHERE enabled AND next_check_at <= now() "
                + "ORDER BY next_check_at LIMIT $1").execute(Tuple.of(limit)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                });
    }

    /** Feeds failing right now (in back-off), for the gauge. */
    Uni<Long> inBackoff() {
        return db.query("SELECT count(*) FROM feeds WHERE enabled AND error_count > 0").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A fetch that changed nothing (304, or the same validators or body): only the schedule moves. */
    Uni<Void> unchanged(UUID id, int status, Instant nextCheck) {
        return db.preparedQuery("""
                UPDATE feeds SET last_fetched_at = now(), last_success_at = now(), last_status = $2, error_count = 0,
                       last_error = NULL, next_check_at = $3
                 WHERE id = $1""").execute(Tuple.of(id, status, nextCheck.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** A fetch that brought a new document: its validators, hash and hints are kept for the next one. */
    Uni<Void> fetched(UUID id, int status, String etag, String lastModified, String bodyHash, Integer ttlSeconds,
            String feedTitle, Instant nextCheck) {
        return db.preparedQuery("""
                UPDATE feeds SET last_fetched_at = now(), last_success_at = now(), last_status = $2, etag = $3,
                       last_modified = $4, body_hash = $5, ttl_seconds = $6, title = coalesce(title, $7),
                       error_count = 0, last_error = NULL, next_check_at = $8
                 WHERE id = $1""")
                .execute(Tuple.tuple().addUUID(id).addInteger(status).addString(etag).addString(lastModified)
                        .addString(bodyHash).addInteger(ttlSeconds).addString(feedTitle)
                        .addOffsetDateTime(nextCheck.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * The feed answered from a new URL through permanent redirects only: that URL is kept, unless another feed has it
     * already.
     */
    Uni<Void> moved(UUID id, String url) {
        return db.preparedQuery("""
                UPDATE feeds SET url = $2, updated_at = now()
                 WHERE id = $1 AND url <> $2 AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = $2)""")
                .execute(Tuple.of(id, url)).replaceWithVoid();
    }

    /** A failed fetch: counted, explained, and scheduled again later (never dropped). */
    Uni<Void> failed(UUID id, Integer status, String reason, Instant nextCheck) {
        return db.preparedQuery("""
                UPDATE feeds SET last_fetched_at = now(), last_status = $2, error_count = error_count + 1,
                       last_error = $3, next_check_at = $4
                 WHERE id = $1""")
                .execute(Tuple.tuple().addUUID(id).addInteger(status).addString(reason)
                        .addOffsetDateTime(nextCheck.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static FeedView first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : state(rows.iterator().next()).view();
    }

    static FeedState state(Row row) {
        return new FeedState(new FeedView(row.getUUID("id"), row.getString("url"), row.getString("title"),
                row.getString("category"), row.getString("language"), row.getBoolean("enabled"),
                row.getString("etag"), row.getString("last_modified"), instant(row, "last_fetched_at"),
                instant(row, "last_success_at"), row.getInteger("last_status"), row.getInteger("error_count"),
                row.getString("last_error"), instant(row, "next_check_at"), instant(row, "created_at"),
                instant(row, "updated_at")), row.getString("body_hash"), row.getInteger("ttl_seconds"));
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** A feed with what only the fetcher needs. */
    public record FeedState(FeedView view, String bodyHash, Integer ttlSeconds) {
    }
}
