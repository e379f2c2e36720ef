package dev.dnevnik.news.news;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** News items read straight from SQL into views: filters, search and keyset order all run in PostgreSQL. */
@ApplicationScoped
public class NewsQueries {

    /** The list order's sort keys, newest first: published time, id. */
    static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);

    static final String COLUMNS = "id, feed_id, category, language, title, summary, link, published_at, first_seen_at";

    private final Pool db;

    public NewsQueries(Pool db) {
        this.db = db;
    }

    static String cursorAfter(NewsView item) {
        return CURSOR.encode(item.publishedAt(), item.id());
    }

    /** The items of one page in list order, plus one more if another page follows. */
    public Uni<List<NewsView>> page(NewsFilter filter) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM news_items WHERE true");
        if (filter.categories() != null) {
            // the tree is resolved from the cached taxonomy: no recursive query per page
            sql.append(" AND category = ANY(").append(bind(args, filter.categories().toArray(String[]::new)))
                    .append(")");
        }
        if (filter.since() != null) {
            sql.append(" AND published_at >= ").append(bind(args, filter.since().atOffset(ZoneOffset.UTC)));
        }
        if (filter.text() != null) {
            sql.append(" AND search_vector @@ news_search_query(").append(bind(args, filter.text())).append(")");
        }
        PageRequest page = filter.page();
        if (page.after() != null) {
            sql.append(" AND (published_at, id) < (")
                    .append(bind(args, page.after(0, Instant.class).atOffset(ZoneOffset.UTC))).append(", ")
                    .append(bind(args, page.after(1, UUID.class))).append(")");
        }
        sql.append(" ORDER BY published_at DESC, id DESC LIMIT ").append(bind(args, page.fetchSize()));
        return db.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(NewsQueries::views);
    }

    public Uni<NewsView> find(UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM news_items WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : view(rows.iterator().next()));
    }

    /**
     * Items per category (each with its subcategories) published in [from, to), and the distinct total.
     *
     * @return counts by slug, plus the total under the key {@code null}
     */
    public Uni<Map<String, Long>> counts(List<String> categories, Instant from, Instant to) {
        String[] roots = categories.toArray(String[]::new);
        return db.preparedQuery("""
                WITH tree AS (SELECT root, category_and_descendants(root) AS slug FROM unnest($1::text[]) AS root),
                     day AS (SELECT id, category FROM news_items WHERE published_at >= $2 AND published_at < $3
                               AND category IN (SELECT slug FROM tree))
                SELECT t.root, count(d.id) AS items FROM tree t LEFT JOIN day d ON d.category = t.slug GROUP BY t.root
                UNION ALL
                SELECT NULL, count(*) FROM day""")
                .execute(Tuple.of(roots, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Row row : rows) {
                        counts.put(row.getString(0), row.getLong(1));
                    }
                    return counts;
                });
    }

    static List<NewsView> views(Iterable<Row> rows) {
        List<NewsView> items = new ArrayList<>();
        for (Row row : rows) {
            items.add(view(row));
        }
        return items;
    }

    static NewsView view(Row row) {
        return new NewsView(row.getUUID("id"), row.getUUID("feed_id"), row.getString("category"),
                row.getString("language"), row.getString("title"), row.getString("summary"), row.getString("link"),
                row.getOffsetDateTime("published_at").toInstant(), row.getOffsetDateTime("first_seen_at").toInstant());
    }

    private static String bind(List<Object> args, Object value) {
        args.add(value);
        return "$" + args.size();
    }
}
