package dev.dnevnik.sync.item;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.KeysetCursor;
import dev.dnevnik.common.paging.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The mirror, read in keyset pages (in the order items were first stored). */
@ApplicationScoped
public class ItemStore {

    public static final KeysetCursor CURSOR = KeysetCursor.of(Long.class);

    private final Pool db;

    public ItemStore(Pool db) {
        this.db = db;
    }

    public static String cursorAfter(ItemView item) {
        return CURSOR.encode(item.seq());
    }

    public Uni<List<ItemView>> page(UUID sourceId, Instant changedSince, PageRequest page) {
        Tuple args = Tuple.tuple().addUUID(sourceId).addInteger(page.fetchSize())
                .addOffsetDateTime(changedSince == null ? null : changedSince.atOffset(ZoneOffset.UTC))
                .addLong(page.after() == null ? 0L : page.after(0, Long.class));
        return db.preparedQuery("""
                SELECT item_id, seq, data, first_seen_at, last_seen_at, last_changed_at FROM sync_items
                 WHERE source_id = $1 AND seq > $4 AND ($3::timestamptz IS NULL OR last_changed_at >= $3)
                 ORDER BY seq LIMIT $2""").execute(args).map(rows -> {
                    List<ItemView> items = new ArrayList<>();
                    for (Row row : rows) {
                        Object data = row.getValue("data");
                        items.add(new ItemView(row.getString("item_id"),
                                data instanceof JsonObject object ? object.getMap()
                                        : data instanceof JsonArray array ? array.getList() : data,
                                row.getOffsetDateTime("first_seen_at").toInstant(),
                                row.getOffsetDateTime("last_seen_at").toInstant(),
                                row.getOffsetDateTime("last_changed_at").toInstant(), row.getLong("seq")));
                    }
                    return items;
                });
    }
}
