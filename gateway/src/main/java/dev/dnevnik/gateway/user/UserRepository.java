package dev.dnevnik.gateway.user;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Users by the way they sign in. Sign-in is get-or-create in one statement, so two first sign-ins of the same
 * person at once still make one user.
 */
@ApplicationScoped
public class UserRepository {

    private static final String COLUMNS = "id, identity, telegram_id, username, display_name, language, admin, created_at";

    private static final String SIGN_IN = """
            INSERT INTO users (id, identity, telegram_id, username, display_name, language, admin)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (identity) DO UPDATE
               SET username = EXCLUDED.username, display_name = EXCLUDED.display_name,
                   language = COALESCE(EXCLUDED.language, users.language), admin = EXCLUDED.admin,
                   last_sign_in_at = now()
            RETURNING\s""" + COLUMNS;

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** The user with this identity, created on first sign-in; profile fields and admin rights are refreshed. */
    public Uni<User> signIn(String identity, Long telegramId, String username, String displayName, String language,
            boolean admin) {
        Tuple values = Tuple.tuple().addUUID(UUID.randomUUID()).addString(identity).addLong(telegramId)
                .addString(username).addString(displayName).addString(language).addBoolean(admin);
        return pool.preparedQuery(SIGN_IN).execute(values).map(rows -> User.of(rows.iterator().next()));
    }

    public Uni<User> findById(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : User.of(rows.iterator().next()));
    }
}
