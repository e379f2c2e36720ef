package dev.dnevnik.diary.entry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The read side of entries: pages and statistics, straight from the reactive client into views. These queries need
 * no managed entities, and going through Hibernate cost most of the list's CPU time (its native-query plan cache
 * keys collide, making every lookup a long comparison chain; see bench/diary-list.sh). Like every query here, they
 * are scoped to one user.
 */
@ApplicationScoped
public class EntryQueries {

    /** The list order's sort keys, newest first: entry date, creation time, id. */
    static final KeysetCursor CURSOR = KeysetCursor.of(LocalDate.class, Instant.class, UUID.class);

    private static final String COLUMNS = """
            id, title, body, mood, tags, source, transcript_id, language, entry_date, word_count, created_at,
            updated_at, version""";

    private final Pool db;

    public EntryQueries(Pool db) {
        this.db = db;
    }

    /** The cursor pointing after an entry of a page. */
    static String cursorAfter(EntryView entry) {
        return CURSOR.encode(entry.entryDate(), entry.createdAt(), entry.id());
    }

    /** The entries of one page in list order, plus one more if another page follows. */
    Uni<List<EntryView>> page(EntryFilter filter) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM entries WHERE user_id = ")
                .append(bind(args, filter.userId()));
        if (filter.from() != null) {
            sql.append(" AND entry_date >= ").append(bind(args, filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND entry_date <= ").append(bind(args, filter.to()));
        }
        if (filter.tag() != null) {
            sql.append(" AND tags @> ARRAY[").append(bind(args, filter.tag())).append("::text]");
        }
        if (filter.source() != null) {
            sql.append(" AND source = ").append(bind(args, LowercaseEnums.name(filter.source())));
        }
        if (filter.text() != null) {
            sql.append(" AND search_vector @@ entry_search_query(").append(bind(args, filter.text())).append(")");
        }
        PageRequest page = filter.page();
        if (page.after() != null) {
            sql.append(" AND (entry_date, created_at, id) < (").append(bind(args, page.after(0, LocalDate.class)))
                    .append(", ").append(bind(args, page.after(1, Instant.class).atOffset(ZoneOffset.UTC)))
                    .append(", ").append(bind(args, page.after(2, UUID.class))).append(")");
        }
        sql.append(" ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT ").append(bind(args, page.fetchSize()));
        return db.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<EntryView> entries = new ArrayList<>(page.fetchSize());
            for (Row row : rows) {
                entries.add(view(row));
            }
            return entries;
        });
    }

    /** Entry and word counts for every day of the range, zero-filled. */
    Uni<List<EntryStats.Day>> dailyCounts(UUID userId, LocalDate from, LocalDate to) {
        return db.preparedQuery("""
                SELECT d::date AS day, count(e.id) AS entries, coalesce(sum(e.word_count), 0) AS words
                  FROM generate_series($2::date, $3::date, interval '1 day') AS d
                  LEFT JOIN entries e ON e.user_id = $1 AND e.entry_date = d::date
                 GROUP BY d
                 ORDER BY d""")
                .execute(Tuple.of(userId, from, to))
                .map(rows -> {
                    List<EntryStats.Day> days = new ArrayList<>();
                    for (Row row : rows) {
                        days.add(new EntryStats.Day(row.getLocalDate("day"), row.getLong("entries"), row.getLong("words")));
                    }
                    return days;
                });
    }

    /**
     * Consecutive days with entries ending today or yesterday. Consecutive dates plus their rank in descending order
     * are constant, so the latest run is the group sharing the newest date's value.
     */
    Uni<Integer> currentStreak(UUID userId, LocalDate today) {
        return db.preparedQuery("""
                WITH days AS (SELECT DISTINCT entry_date AS d FROM entries WHERE user_id = $1 AND entry_date <= $2),
                     runs AS (SELECT d, d + (row_number() OVER (ORDER BY d DESC))::integer AS run FROM days)
                SELECT count(*) AS streak FROM runs
                 WHERE run = (SELECT run FROM runs ORDER BY d DESC LIMIT 1)
                   AND (SELECT max(d) FROM days) >= $2::date - 1""")
                .execute(Tuple.of(userId, today))
                .map(rows -> rows.iterator().next().getLong("streak").intValue());
    }

    private static String bind(List<Object> args, Object value) {
        args.add(value);
        return "$" + args.size();
    }

    private static EntryView view(Row row) {
        return new EntryView(row.getUUID("id"), row.getString("title"), row.getString("body"),
                LowercaseEnums.parse(Mood.class, row.getString("mood")), Arrays.asList(row.getArrayOfStrings("tags")),
                LowercaseEnums.parse(Source.class, row.getString("source")), row.getUUID("transcript_id"),
                row.getString("language"), row.getLocalDate("entry_date"), row.getInteger("word_count"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
                row.getLong("version"));
    }
}
