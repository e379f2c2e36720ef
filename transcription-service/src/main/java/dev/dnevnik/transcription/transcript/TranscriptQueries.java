package dev.dnevnik.transcription.transcript;

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
import io.vertx.mutiny.sqlclient.Tuple;

/** Pages of a user's transcripts, read straight into summaries (no managed entities needed to list). */
@ApplicationScoped
public class TranscriptQueries {

    private final Pool db;

    public TranscriptQueries(Pool db) {
        this.db = db;
    }

    /** The list order's sort keys, newest first: creation time, id. */
    static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);

    /** The cursor pointing after a transcript of a page. */
    static String cursorAfter(TranscriptSummary transcript) {
        return CURSOR.encode(transcript.createdAt(), transcript.id());
    }

    /** The transcripts of one page, newest first, plus one more if another page follows. */
    Uni<List<TranscriptSummary>> page(UUID userId, PageRequest page) {
        String sql = "SELECT id, text, language, duration_seconds, provider, model, audio_format, created_at"
                + " FROM transcripts WHERE user_id = $1"
                + (page.after() == null ? "" : " AND (created_at, id) < ($3, $4)")
                + " ORDER BY created_at DESC, id DESC LIMIT $2";
        Tuple args = Tuple.of(userId, page.fetchSize());
        if (page.after() != null) {
            args.addOffsetDateTime(page.after(0, Instant.class).atOffset(ZoneOffset.UTC))
                    .addUUID(page.after(1, UUID.class));
        }
        return db.preparedQuery(sql).execute(args).map(rows -> {
            List<TranscriptSummary> items = new ArrayList<>(page.fetchSize());
            for (Row row : rows) {
                items.add(new TranscriptSummary(row.getUUID("id"), row.getString("text"), row.getString("language"),
                        row.getDouble("duration_seconds"), row.getString("provider"), row.getString("model"),
                        row.getString("audio_format"), row.getOffsetDateTime("created_at").toInstant()));
            }
            return items;
        });
    }

    /** How many transcripts the user made in the last {@code days} days, and how much audio they held. */
    Uni<TranscriptStats> recent(UUID userId, int days) {
        return db.preparedQuery("""
                SELECT count(*) AS transcripts, coalesce(sum(duration_seconds), 0) AS audio_seconds
                  FROM transcripts
                 WHERE user_id = $1 AND created_at >= now() - make_interval(days => $2)""")
                .execute(Tuple.of(userId, days))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new TranscriptStats(days, row.getLong("transcripts"), row.getDouble("audio_seconds"));
                });
    }
}
