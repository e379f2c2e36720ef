package dev.dnevnik.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.dnevnik.devtools.EmbeddedPostgresServer;
import dev.dnevnik.devtools.PgServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a service under test a fresh, real PostgreSQL database. By default the server is an embedded one (zonky),
 * started once per test JVM; when {@code EXTERNAL_PG_URL} (or {@code DB_URL}) names a server, a uniquely named
 * database is created there instead and dropped afterwards, so runs never see each other's data.
 *
 * <p>
 * Init arg {@code database}: the base name, e.g. {@code diary}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";

    /** The settings the most recently started resource gave its service (resources start one test class at a time). */
    private static volatile Map<String, String> latest;

    private String baseName = "dnevnik";
    private PgServer server;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        baseName = initArgs.getOrDefault(DATABASE_ARG, baseName);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = Servers.chosen();
            database = (baseName + "_test_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
            server.createDatabaseIfMissing(database);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot provide a PostgreSQL database for the tests", e);
        }
        latest = Map.of(
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password(),
                "quarkus.datasource.jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.reactive.url", server.reactiveUrl(database));
        return latest;
    }

    /**
     * A JDBC connection (the caller closes it) to the database this resource gave the service under test: how a test
     * of a packaged service ({@code @QuarkusIntegrationTest}, another process) checks what the service stored.
     */
    public static Connection connect() throws SQLException {
        Map<String, String> settings = latest;
        if (settings == null) {
            throw new IllegalStateException("no PostgresTestResource has been started in this JVM");
        }
        return DriverManager.getConnection(settings.get("quarkus.datasource.jdbc.url"),
                settings.get("quarkus.datasource.username"), settings.get("quarkus.datasource.password"));
    }

    /** The single number {@code sql} selects from the service's database, with {@code args} bound in order. */
    public static long queryLong(String sql, Object... args) {
        return Long.parseLong(queryString(sql, args));
    }

    /** The single value {@code sql} selects from the service's database, as text (null for SQL NULL). */
    public static String queryString(String sql, Object... args) {
        List<String> values = queryColumn(sql, args);
        if (values.isEmpty()) {
            throw new IllegalStateException("no row from: " + sql);
        }
        return values.get(0);
    }

    /** The first column of every row {@code sql} selects from the service's database, as text. */
    public static List<String> queryColumn(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement on the service's database (to prepare a state); the number of rows it changed. */
    public static int execute(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    /** The server the tests of this JVM use (embedded, or the external one), for tests that need more databases. */
    public static PgServer server() {
        try {
            return Servers.chosen();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot provide a PostgreSQL server for the tests", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (server != null && database != null) {
                server.dropDatabase(database);
            }
        } catch (Exception e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
    }

    /** The server choice is made once per JVM; the embedded server lives until the JVM exits. */
    private static final class Servers {
        private static PgServer chosen;

        static synchronized PgServer chosen() throws Exception {
            if (chosen == null) {
                String external = firstSet(System.getenv("EXTERNAL_PG_URL"), System.getenv("DB_URL"));
                if (external != null) {
                    chosen = PgServer.parse(external);
                } else {
                    EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(null, 0);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            embedded.close();
                        } catch (Exception ignored) {
                            // the JVM is exiting; zonky's own hook cleans up as well
                        }
                    }, "stop-test-postgres"));
                    chosen = embedded.server();
                }
            }
            return chosen;
        }

        private static String firstSet(String... values) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return null;
        }
    }
}
