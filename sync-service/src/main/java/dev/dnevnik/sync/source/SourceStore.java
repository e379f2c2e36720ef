package dev.dnevnik.sync.source;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Sources in SQL. */
@ApplicationScoped
public class SourceStore {

    /** Newest first: creation time, id. */
    public static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);
    private static final String COLUMNS = "id, spec, next_run_at, created_at, updated_at";

    private final Pool db;
    private final ObjectMapper json;

    public SourceStore(Pool db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public static String cursorAfter(SourceView source) {
        return CURSOR.encode(source.createdAt(), source.id());
    }

    Uni<SourceView> insert(UUID id, SourceSpec spec) {
        Duration every = spec.everyDuration();
        return db.preparedQuery("INSERT INTO sources (id, name, spec, every_ms, next_run_at) "
                + "VALUES ($1, $2, $3, $4, CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() END) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, spec.name(), toJson(spec), every == null ? null : every.toMillis()))
                .map(this::first);
    }

    Uni<SourceView> update(UUID id, SourceSpec spec) {
        Duration every = spec.everyDuration();
        return db.preparedQuery("""
                UPDATE sources SET name = $2, spec = $3, every_ms = $4, updated_at = now(),
                       next_run_at = CASE WHEN $4::bigint IS NULL THEN NULL
                                          ELSE LEAST(coalesce(next_run_at, now()), now() + $4 * interval '1 millisecond') END
                 WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(id, spec.name(), toJson(spec), every == null ? null : every.toMillis()))
                .map(this::first);
    }

    Uni<Boolean> delete(UUID id) {
        return db.preparedQuery("DELETE FROM sources WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The ids of the source's queued or running runs. */
    Uni<List<UUID>> activeRuns(UUID id) {
        return db.preparedQuery("SELECT id FROM sync_runs WHERE source_id = $1 AND status IN ('queued', 'running')")
                .execute(Tuple.of(id)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    public Uni<SourceView> find(UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM sources WHERE id = $1").execute(Tuple.of(id))
                .map(this::first);
    }

    Uni<List<SourceView>> page(PageRequest page) {
        Tuple args = Tuple.tuple().addInteger(page.fetchSize());
        String after = "";
        if (page.after() != null) {
            after = " WHERE (created_at, id) < ($2, $3)";
            args.addOffsetDateTime(page.after(0, Instant.class).atOffset(ZoneOffset.UTC)).addUUID(page.after(1, UUID.class));
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM sources" + after
                + " ORDER BY created_at DESC, id DESC LIMIT $1").execute(args).map(this::all);
    }

    /**
     * The sources whose schedule is due, each moved to its next time in the same statement (so that two replicas do
     * not both take it).
     */
    public Uni<List<SourceView>> takeDue() {
        return db.query("""
                UPDATE sources SET next_run_at = now() + every_ms * interval '1 millisecond'
                 WHERE id IN (SELECT id FROM sources WHERE next_run_at <= now() ORDER BY next_run_at LIMIT 100
                              FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS).execute().map(this::all);
    }

    private List<SourceView> all(RowSet<Row> rows) {
        List<SourceView> sources = new ArrayList<>();
        for (Row row : rows) {
            sources.add(view(row));
        }
        return sources;
    }

    private SourceView first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : view(rows.iterator().next());
    }

    private SourceView view(Row row) {
        OffsetDateTime next = row.getOffsetDateTime("next_run_at");
        try {
            return new SourceView(row.getUUID("id"), json.readValue(row.getJsonObject("spec").encode(), SourceSpec.class),
                    next == null ? null : next.toInstant(), row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("updated_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored source cannot be read", e);
        }
    }

    private JsonObject toJson(SourceSpec spec) {
        try {
            return new JsonObject(json.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a source", e);
        }
    }
}
