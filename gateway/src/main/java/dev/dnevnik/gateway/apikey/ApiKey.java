package dev.dnevnik.gateway.apikey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/** An API key as its owner sees it in lists: never the secret. */
@RegisterForReflection
@Schema(description = "An API key (the secret is shown only when the key is created)")
public record ApiKey(
        UUID id,
        String name,
        @Schema(description = "The first characters of the secret, to tell keys apart", examples = "dnv_Xk3J9aQe")
        String prefix,
        Instant createdAt,
        Instant lastUsedAt) {

    static ApiKey of(Row row) {
        return new ApiKey(row.getUUID("id"), row.getString("name"), row.getString("prefix"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("last_used_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
