package dev.dnevnik.devtools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL started from the zonky binaries, so neither the tests nor the local run need a database
 * installed. The {@code postgres} process is a child of this JVM and stops with it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDirectory where the cluster lives, kept between runs and durable when given; a throw-away, non-durable
     *        (fast) cluster when null
     * @param port the port to listen on, 0 for any free port
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                // the services and benchmarks open more than the default 100 connections
                .setServerConfig("max_connections", "300")
                .setServerConfig("timezone", "UTC");
        if (dataDirectory != null) {
            // zonky starts PostgreSQL without fsync (fine for throw-away test clusters); a kept cluster must survive
            // a crash with every acknowledged write, so durability is switched back on
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        if (port > 0) {
            builder.setPort(port);
        }
        return new EmbeddedPostgresServer(builder.start());
    }

    public PgServer server() {
        return new PgServer("localhost", postgres.getPort(), "postgres", "");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
