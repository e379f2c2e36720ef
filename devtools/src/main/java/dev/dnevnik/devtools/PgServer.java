package dev.dnevnik.devtools;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server the platform can create its databases on: the embedded one, or an external one named by
 * {@code DB_URL} / {@code EXTERNAL_PG_URL}.
 */
public record PgServer(String host, int port, String user, String password) {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Reads {@code postgresql://user:password@host:port/anything} (also {@code postgres://}) or
     * {@code jdbc:postgresql://host:port/anything?user=..&password=..}. The database part is ignored: each service
     * gets its own database on that server.
     */
    public static PgServer parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("No PostgreSQL URL given");
        }
        String text = url.strip();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        URI uri = URI.create(text);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Not a PostgreSQL URL (expected postgresql://...): " + redact(url));
        }
        Map<String, String> query = queryParameters(uri.getRawQuery());
        String user = query.getOrDefault("user", "postgres");
        String password = query.getOrDefault("password", "");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new PgServer(host, port, user, password);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates the database unless it exists; safe to call on every start. */
    public void createDatabaseIfMissing(String database) throws SQLException {
        requireSafeName(database);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            var existing = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!existing.next()) {
                statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8'");
            }
        }
    }

    public void dropDatabase(String database) throws SQLException {
        requireSafeName(database);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void requireSafeName(String database) {
        // names are interpolated into DDL, which cannot take bind parameters
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Unsafe database name: " + database);
        }
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The URL without its password, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(//[^:/@]+):[^@]*@", "$1:***@").replaceAll("password=[^&]*", "password=***");
    }

    @Override
    public String toString() {
        return "PgServer[" + user + "@" + host + ":" + port + "]";
    }
}
