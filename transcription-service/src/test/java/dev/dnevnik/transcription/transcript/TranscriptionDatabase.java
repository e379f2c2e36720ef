package dev.dnevnik.transcription.transcript;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import dev.dnevnik.testing.PostgresTestResource;

/**
 * The PostgreSQL test database for a packaged transcription-service ({@code @QuarkusIntegrationTest}): the service
 * runs in another process, so the test reads the database state over JDBC, with the settings the service was given.
 */
public class TranscriptionDatabase extends PostgresTestResource {

    private static volatile Map<String, String> settings;

    @Override
    public Map<String, String> start() {
        Map<String, String> started = super.start();
        settings = started;
        return started;
    }

    static Connection connect() throws SQLException {
        Map<String, String> given = settings;
        if (given == null) {
            throw new IllegalStateException("TranscriptionDatabase has not been started");
        }
        return DriverManager.getConnection(given.get("quarkus.datasource.jdbc.url"),
                given.get("quarkus.datasource.username"), given.get("quarkus.datasource.password"));
    }

    /** The single long value {@code sql} selects, with {@code args} bound in order. */
    static long count(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
