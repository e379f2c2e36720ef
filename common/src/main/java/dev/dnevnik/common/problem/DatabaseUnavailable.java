package dev.dnevnik.common.problem;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Recognises the failures that mean "the database cannot be reached right now" — a restart, a failover, a full
 * connection limit, a dropped connection — as opposed to a bug. They are answered with 503 and {@code Retry-After},
 * never 500: the request may be repeated as it is.
 */
public final class DatabaseUnavailable {

    /** Seconds a client is asked to wait: a restart or a failover takes a few. */
    static final String RETRY_AFTER_SECONDS = "5";

    /**
     * SQLSTATEs of an unavailable server: admin or crash shutdown, starting up or shutting down, too many
     * connections, and a read-only server (a standby during a failover).
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300", "25006");

    private DatabaseUnavailable() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseException database && database.getSqlState() != null
                    && (database.getSqlState().startsWith("08") || STATES.contains(database.getSqlState()))) {
                return true;
            }
            // refused, reset or broken connections; a pooled connection found closed
            if (cause instanceof ClosedConnectionException || cause instanceof SocketException
                    || cause instanceof ClosedChannelException
                    || cause instanceof io.netty.channel.ConnectTimeoutException
                    || (cause.getMessage() != null && cause.getMessage().startsWith("Connection is not active"))) {
                return true;
            }
        }
        return false;
    }

    /** A short, log-safe description of the underlying failure (no SQL). */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root instanceof DatabaseException database
                ? " " + database.getSqlState()
                : "");
    }

    static ProblemException problem() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The database cannot be reached at the moment; retry shortly")
                .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
}
