package dev.dnevnik.gateway.apikey;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** API keys; every query is scoped to the owner, so one user can never see or revoke another's key. */
@ApplicationScoped
public class ApiKeyRepository {

    /** A user with this many live keys must revoke one before creating another. */
    static final int MAX_LIVE_KEYS = 20;

    private static final String COLUMNS = "id, name, prefix, created_at, last_used_at";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the key unless the owner already has {@link #MAX_LIVE_KEYS} live ones (then null). */
    Uni<ApiKey> insert(UUID owner, String name, String prefix, String secretHash) {
        return pool.preparedQuery("""
                INSERT INTO api_keys (id, user_id, name, prefix, secret_hash)
                SELECT $1, $2, $3, $4, $5
                 WHERE (SELECT count(*) FROM api_keys WHERE user_id = $2 AND revoked_at IS NULL) < $6
                RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(UUID.randomUUID(), owner, name, prefix, secretHash, MAX_LIVE_KEYS))
                .map(rows -> rows.rowCount() == 0 ? null : ApiKey.of(rows.iterator().next()));
    }

    Uni<List<ApiKey>> listLive(UUID owner) {
        return pool.preparedQuery("SELECT " + COLUMNS
                + " FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id")
                .execute(Tuple.of(owner))
                .map(rows -> {
                    List<ApiKey> keys = new java.util.ArrayList<>(rows.rowCount());
                    rows.forEach(row -> keys.add(ApiKey.of(row)));
                    return keys;
                });
    }

    /** Revokes the owner's live key; false when there is none with this id. */
    Uni<Boolean> revoke(UUID owner, UUID id) {
        return pool.preparedQuery(
                "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(id, owner))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The owner of a live key with this secret hash (and notes the use), or null. */
    public Uni<UUID> useKey(String secretHash) {
        return pool.preparedQuery("""
                UPDATE api_keys SET last_used_at = now()
                 WHERE secret_hash = $1 AND revoked_at IS NULL
                RETURNING user_id""")
                .execute(Tuple.of(secretHash))
                .map(rows -> {
                    Row row = rows.rowCount() == 0 ? null : rows.iterator().next();
                    return row == null ? null : row.getUUID("user_id");
                });
    }
}
