package dev.dnevnik.gateway.client;

/**
 * The circuit-breaker settings of the gateway's own calls to the services (voice entries, dashboard), in one place
 * for the annotations on {@link Diary} and {@link Transcriptions} and for the Retry-After the client is told while
 * a circuit is open.
 */
final class CallProtection {

    /** Calls in the rolling window before a circuit may open. */
    static final int CIRCUIT_WINDOW = 10;
    static final double CIRCUIT_FAILURE_RATIO = 0.5;
    /** How long an open circuit stays open. */
    static final long CIRCUIT_DELAY_MILLIS = 10_000;

    private CallProtection() {
    }
}
