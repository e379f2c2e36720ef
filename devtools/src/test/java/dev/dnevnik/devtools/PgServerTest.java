package dev.dnevnik.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PgServerTest {

    @Test
    void readsLibpqStyleUrls() {
        assertEquals(new PgServer("db.internal", 6432, "app", "s3cr:t"),
                PgServer.parse("postgresql://app:s3cr%3At@db.internal:6432/whatever?sslmode=disable"));
        assertEquals(new PgServer("127.0.0.1", 5432, "postgres", ""), PgServer.parse("postgres://postgres@127.0.0.1"));
    }

    @Test
    void readsJdbcUrlsWithCredentialsInTheQuery() {
        assertEquals(new PgServer("localhost", 5433, "me", "pw"),
                PgServer.parse("jdbc:postgresql://localhost:5433/x?user=me&password=pw"));
    }

    @Test
    void rejectsOtherSchemesAndNeverEchoesThePassword() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PgServer.parse("mysql://root:hunter2@localhost/db"));
        assertFalse(error.getMessage().contains("hunter2"));
    }

    @Test
    void refusesDatabaseNamesThatWouldInjectSql() {
        PgServer server = new PgServer("localhost", 1, "u", "");
        assertThrows(IllegalArgumentException.class, () -> server.createDatabaseIfMissing("x; DROP DATABASE y"));
    }
}
