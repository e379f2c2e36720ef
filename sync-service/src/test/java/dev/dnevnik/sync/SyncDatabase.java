package dev.dnevnik.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import dev.dnevnik.testing.PostgresTestResource;

/**
 * The PostgreSQL test database for a packaged sync-service under {@code @QuarkusIntegrationTest}: the service is
 * another process, so the tests check database state over JDBC with the connection settings this resource handed it.
 */
public class SyncDatabase extends PostgresTestResource {

    private static volatile Map<String, String> settings;

    @Override
    public Map<String, String> start() {
        Map<String, String> started = super.start();
        settings = started;
        return started;
    }

    /** A connection to the service's database (the caller closes it). */
    public static Connection connect() throws SQLException {
        Map<String, String> current = settings;
        if (current == null) {
            throw new IllegalStateException("SyncDatabase has not been started");
        }
        return DriverManager.getConnection(current.get("quarkus.datasource.jdbc.url"),
                current.get("quarkus.datasource.username"), current.get("quarkus.datasource.password"));
    }
}
