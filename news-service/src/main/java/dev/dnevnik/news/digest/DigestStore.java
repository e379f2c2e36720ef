package dev.dnevnik.news.digest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Digests in SQL, always looked up with their owner (another user's digest is not found), and their items. */
@ApplicationScoped
public class DigestStore {

    /** Newest first: creation time, id. */
    static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);

    private static final TypeReference<List<Citation>> CITATIONS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, status, options, engine, content, items, failure, created_at, completed_at";

    private final Pool db;
    private final ObjectMapper json;

    public DigestStore(Pool db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    static String cursorAfter(DigestView digest) {
        return CURSOR.encode(digest.createdAt(), digest.id());
    }

    /** The new digest's row, in the transaction that enqueues its job. */
    Uni<DigestView> insert(SqlClient client, UUID id, UUID userId, DigestOptions options) {
        return client.preparedQuery("INSERT INTO digests (id, user_id, status, options) VALUES ($1, $2, 'queued', $3) "
                + "RETURNING " + COLUMNS).execute(Tuple.of(id, userId, new JsonObject(write(options))))
                .map(this::first);
    }

    Uni<DigestView> find(UUID userId, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM digests WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(id, userId)).map(this::first);
    }

    /** The digest's owner and request, for its job. */
    Uni<Owned> owned(UUID id) {
        return db.preparedQuery("SELECT user_id, " + COLUMNS + " FROM digests WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null
                        : new Owned(rows.iterator().next().getUUID("user_id"), view(rows.iterator().next())));
    }

    record Owned(UUID userId, DigestView digest) {
    }

    Uni<DigestView> latest(UUID userId) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM digests WHERE user_id = $1 "
                + "ORDER BY created_at DESC, id DESC LIMIT 1").execute(Tuple.of(userId)).map(this::first);
    }

    Uni<List<DigestView>> page(UUID userId, PageRequest page) {
        Tuple args = Tuple.tuple().addUUID(userId).addInteger(page.fetchSize());
        String after = "";
        if (page.after() != null) {
            after = " AND (created_at, id) < ($3, $4)";
            args.addOffsetDateTime(page.after(0, Instant.class).atOffset(ZoneOffset.UTC)).addUUID(page.after(1, UUID.class));
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM digests WHERE user_id = $1" + after
                + " ORDER BY created_at DESC, id DESC LIMIT $2").execute(args).map(rows -> {
                    List<DigestView> digests = new ArrayList<>();
                    for (Row row : rows) {
                        digests.add(view(row));
                    }
                    return digests;
                });
    }

    Uni<Void> running(UUID id) {
        return db.preparedQuery("UPDATE digests SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running')")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    Uni<DigestView> succeeded(UUID id, DigestText text) {
        return db.preparedQuery("""
                UPDATE digests SET status = 'succeeded', engine = $2, content = $3, items = $4, failure = NULL,
                       completed_at = now()
                 WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(id, text.engine(), text.content(), new JsonArray(write(text.citations()))))
                .map(this::first);
    }

    /** A digest whose job ended without success. */
    Uni<Void> ended(UUID id, String status, String reason) {
        return db.preparedQuery("UPDATE digests SET status = $2, failure = $3, completed_at = now() "
                + "WHERE id = $1 AND status IN ('queued', 'running')").execute(Tuple.of(id, status, reason))
                .replaceWithVoid();
    }

    /**
     * The newest items of the categories (each with its subcategories) published since the instant: what a digest
     * is written from.
     */
    Uni<List<DigestItem>> items(List<String> categories, Instant since, int limit) {
        return db.preparedQuery("""
                SELECT id, title, summary, link, category, published_at FROM news_items
                 WHERE category IN (SELECT category_and_descendants(root) FROM unnest($1::text[]) AS root)
                   AND ($2::timestamptz IS NULL OR published_at >= $2)
                 ORDER BY published_at DESC, id DESC
                 LIMIT $3""")
                .execute(Tuple.of(categories.toArray(String[]::new), since == null ? null : since.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<DigestItem> items = new ArrayList<>();
                    for (Row row : rows) {
                        items.add(new DigestItem(row.getUUID("id"), row.getString("title"), row.getString("summary"),
                                row.getString("link"), row.getString("category"),
                                row.getOffsetDateTime("published_at").toInstant()));
                    }
                    return items;
                });
    }

    private DigestView first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : view(rows.iterator().next());
    }

    private DigestView view(Row row) {
        Object items = row.getValue("items");
        var completed = row.getOffsetDateTime("completed_at");
        return new DigestView(row.getUUID("id"), row.getString("status"),
                read(row.getJsonObject("options").encode(), DigestOptions.class), row.getString("engine"),
                row.getString("content"), items == null ? List.of() : read(((JsonArray) items).encode(), CITATIONS),
                row.getString("failure"), row.getOffsetDateTime("created_at").toInstant(),
                completed == null ? null : completed.toInstant());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt stored digest", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt stored digest", e);
        }
    }
}
