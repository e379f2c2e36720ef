package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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

    private static final String COLUMNS = """
            id, title, body, mood, tags, source, transcript_id, language, entry_date, word_count, created_at,
            updated_at, version""";

    private final Pool db;

    public EntryQueries(Pool db) {
        this.db = db;
    }

    /** One page in keyset order, plus whether another page follows. */
    Uni<Page> page(EntryQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM entries WHERE user_id = ")
                .append(bind(args, query.userId()));
        if (query.from() != null) {
            sql.append(" AND entry_date >= ").append(bind(args, query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND entry_date <= ").append(bind(args, query.to()));
        }
        if (query.tag() != null) {
            sql.append(" AND tags @> ARRAY[").append(bind(args, query.tag())).append("::text]");
        }
        if (query.source() != null) {
            sql.append(" AND source = ").append(bind(args, LowercaseEnums.name(query.source())));
        }
        if (query.text() != null) {
            sql.append(" AND search_vector @@ entry_search_query(").append(bind(args, query.text())).append(")");
        }
        if (query.after() != null) {
            sql.append(" AND (entry_date, created_at, id) < (").append(bind(args, query.after().entryDate()))
                    .append(", ").append(bind(args, query.after().createdAt().atOffset(ZoneOffset.UTC)))
                    .append(", ").append(bind(args, query.after().id())).append(")");
        }
        sql.append(" ORDER BY entry_date DESC, created_at DESC, id DESC LIMIT ").append(bind(args, query.limit() + 1));
        return db.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<EntryView> items = new ArrayList<>(query.limit());
            EntryCursor next = null;
            for (Row row : rows) {
                if (items.size() == query.limit()) {
                    EntryView last = items.get(items.size() - 1);
                    next = new EntryCursor(last.entryDate(), last.createdAt(), last.id());
                    break;
                }
                items.add(view(row));
            }
            return new Page(items, next);
        });
    }

    /** A page of entries and the position after its last one (null on the last page). */
    record Page(List<EntryView> items, EntryCursor next) {
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
