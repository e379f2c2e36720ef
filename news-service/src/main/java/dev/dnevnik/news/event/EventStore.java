package dev.dnevnik.news.event;

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

/** Events in SQL: operators' changes, iCalendar imports (upserted by UID and recurrence id) and the upcoming list. */
@ApplicationScoped
public class EventStore {

    /** Upcoming first: start time, id. */
    static final KeysetCursor CURSOR = KeysetCursor.of(Instant.class, UUID.class);

    private static final String COLUMNS = """
            id, title, description, location, city, category, url, starts_at, ends_at, time_zone, all_day, uid,
            recurrence_id, source_url, created_at, updated_at""";

    private final Pool db;

    public EventStore(Pool db) {
        this.db = db;
    }

    static String cursorAfter(EventView event) {
        return CURSOR.encode(event.startsAt(), event.id());
    }

    Uni<EventView> insert(UUID id, EventInput input) {
        return db.preparedQuery("""
                INSERT INTO events (id, title, description, location, city, category, url, starts_at, ends_at,
                                    time_zone, all_day)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING\s""" + COLUMNS)
                .execute(values(id, input)).map(EventStore::first);
    }

    Uni<EventView> update(UUID id, EventInput input) {
        return db.preparedQuery("""
                UPDATE events SET title = $2, description = $3, location = $4, city = $5, category = $6, url = $7,
                       starts_at = $8, ends_at = $9, time_zone = $10, all_day = $11, updated_at = now()
                 WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(values(id, input)).map(EventStore::first);
    }

    Uni<Boolean> delete(UUID id) {
        return db.preparedQuery("DELETE FROM events WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    Uni<EventView> find(UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM events WHERE id = $1").execute(Tuple.of(id))
                .map(EventStore::first);
    }

    Uni<List<EventView>> page(EventFilter filter) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM events WHERE coalesce(ends_at, starts_at) >= ")
                .append(bind(args, filter.from().atOffset(ZoneOffset.UTC)));
        if (filter.to() != null) {
            sql.append(" AND starts_at < ").append(bind(args, filter.to().atOffset(ZoneOffset.UTC)));
        }
        if (filter.category() != null) {
            sql.append(" AND category IN (SELECT category_and_descendants(").append(bind(args, filter.category()))
                    .append("))");
        }
        if (filter.city() != null) {
            sql.append(" AND lower(city) = lower(").append(bind(args, filter.city())).append(")");
        }
        if (filter.text() != null) {
            sql.append(" AND search_vector @@ news_search_query(").append(bind(args, filter.text())).append(")");
        }
        PageRequest page = filter.page();
        if (page.after() != null) {
            sql.append(" AND (starts_at, id) > (")
                    .append(bind(args, page.after(0, Instant.class).atOffset(ZoneOffset.UTC))).append(", ")
                    .append(bind(args, page.after(1, UUID.class))).append(")");
        }
        sql.append(" ORDER BY starts_at, id LIMIT ").append(bind(args, page.fetchSize()));
        return db.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<EventView> events = new ArrayList<>();
            for (Row row : rows) {
                events.add(view(row));
            }
            return events;
        });
    }

    /** Imported events, inserted or updated by UID and recurrence id. */
    Uni<ImportCounts> upsert(String sourceUrl, String category, String city, List<ParsedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new ImportCounts(0, 0));
        }
        int n = events.size();
        String[] uids = new String[n];
        String[] recurrenceIds = new String[n];
        String[] titles = new String[n];
        String[] descriptions = new String[n];
        String[] locations = new String[n];
        String[] urls = new String[n];
        java.time.OffsetDateTime[] starts = new java.time.OffsetDateTime[n];
        java.time.OffsetDateTime[] ends = new java.time.OffsetDateTime[n];
        String[] zones = new String[n];
        Boolean[] allDay = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ParsedEvent event = events.get(i);
            uids[i] = event.uid();
            recurrenceIds[i] = event.recurrenceId() == null ? "" : event.recurrenceId();
            titles[i] = event.title();
            descriptions[i] = event.description();
            locations[i] = event.location();
            urls[i] = event.url();
            starts[i] = event.startsAt().atOffset(ZoneOffset.UTC);
            ends[i] = event.endsAt() == null || event.endsAt().isBefore(event.startsAt()) ? null
                    : event.endsAt().atOffset(ZoneOffset.UTC);
            zones[i] = event.timeZone();
            allDay[i] = event.allDay();
        }
        // xmax = 0 tells a row inserted by this statement from one it updated
        return db.preparedQuery("""
                INSERT INTO events (id, uid, recurrence_id, source_url, category, city, title, description, location,
                                    url, starts_at, ends_at, time_zone, all_day)
                SELECT gen_random_uuid(), u.uid, u.rid, $1, $2, $3, u.title, u.description, u.location, u.url, u.starts,
                       u.ends, u.zone, u.all_day
                  FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                              $10::timestamptz[], $11::timestamptz[], $12::text[], $13::boolean[])
                       AS u(uid, rid, title, description, location, url, starts, ends, zone, all_day)
                ON CONFLICT (uid, recurrence_id) WHERE uid IS NOT NULL DO UPDATE
                   SET title = EXCLUDED.title, description = EXCLUDED.description, location = EXCLUDED.location,
                       url = EXCLUDED.url, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
                       time_zone = EXCLUDED.time_zone, all_day = EXCLUDED.all_day, source_url = EXCLUDED.source_url,
                       category = EXCLUDED.category, city = coalesce(EXCLUDED.city, events.city), updated_at = now()
                RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.tuple().addString(sourceUrl).addString(category).addString(city)
                        .addArrayOfString(uids).addArrayOfString(recurrenceIds).addArrayOfString(titles)
                        .addArrayOfString(descriptions).addArrayOfString(locations).addArrayOfString(urls)
                        .addArrayOfOffsetDateTime(starts).addArrayOfOffsetDateTime(ends).addArrayOfString(zones)
                        .addArrayOfBoolean(allDay))
                .map(rows -> {
                    int inserted = 0;
                    for (Row row : rows) {
                        if (row.getBoolean("inserted")) {
                            inserted++;
                        }
                    }
                    return new ImportCounts(inserted, rows.rowCount() - inserted);
                });
    }

    /** What an import did. */
    public record ImportCounts(int added, int updated) {
    }

    private static Tuple values(UUID id, EventInput input) {
        return Tuple.tuple().addUUID(id).addString(input.title().strip()).addString(input.description())
                .addString(input.location()).addString(input.city() == null ? null : input.city().strip())
                .addString(input.category().strip()).addString(input.url())
                .addOffsetDateTime(input.startsAt().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(input.endsAt() == null ? null : input.endsAt().atOffset(ZoneOffset.UTC))
                .addString(input.timeZone()).addBoolean(input.allDay() != null && input.allDay());
    }

    private static EventView first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : view(rows.iterator().next());
    }

    private static EventView view(Row row) {
        return new EventView(row.getUUID("id"), row.getString("title"), row.getString("description"),
                row.getString("location"), row.getString("city"), row.getString("category"), row.getString("url"),
                row.getOffsetDateTime("starts_at").toInstant(), instant(row, "ends_at"), row.getString("time_zone"),
                row.getBoolean("all_day"), row.getString("uid"), row.getString("recurrence_id"),
                row.getString("source_url"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static String bind(List<Object> args, Object value) {
        args.add(value);
        return "$" + args.size();
    }
}
