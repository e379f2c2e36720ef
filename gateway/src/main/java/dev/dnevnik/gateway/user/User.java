package dev.dnevnik.gateway.user;

import java.time.Instant;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** A person (or, for 'operator', an operators' script) known to Dnevnik. */
public record User(UUID id, String identity, Long telegramId, String username, String displayName,
        String language, boolean admin, Instant createdAt) {

    static User of(Row row) {
        return new User(row.getUUID("id"), row.getString("identity"), row.getLong("telegram_id"),
                row.getString("username"), row.getString("display_name"), row.getString("language"),
                row.getBoolean("admin"), row.getOffsetDateTime("created_at").toInstant());
    }
}
