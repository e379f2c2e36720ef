package dev.dnevnik.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

/** The rules every guarded upstream shares: Retry-After, backoff, what counts as a connection failure. */
class RetryAfterTest {

    @Test
    void parsesRetryAfterAsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofMillis(1500), RetryAfter.parse("1.5"));
        Duration untilDate = RetryAfter.parse(
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(120)));
        assertTrue(untilDate.toSeconds() >= 115 && untilDate.toSeconds() <= 120, untilDate.toString());
        assertNull(RetryAfter.parse("soon"));
        assertNull(RetryAfter.parse("-1"));
        assertNull(RetryAfter.parse(null));
    }

    @Test
    void writesWholeSecondsRoundedUp() {
        assertEquals("13", RetryAfter.header(Duration.ofMillis(12_500)));
        assertEquals("1", RetryAfter.header(Duration.ZERO));
        assertEquals("30", RetryAfter.header(Duration.ofSeconds(30)));
    }

    @Test
    void backsOffExponentiallyWithJitterButWaitsExactlyAsAsked() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofMillis(400), Duration.ofSeconds(2),
                failure -> failure instanceof Polite polite ? polite.wait : null);
        long first = backoff.nextDelayInMillis(new IOException());
        long second = backoff.nextDelayInMillis(new IOException());
        long third = backoff.nextDelayInMillis(new IOException());
        long fourth = backoff.nextDelayInMillis(new IOException());
        assertTrue(first >= 300 && first <= 500, "400 ms ± 25 %: " + first);
        assertTrue(second >= 600 && second <= 1000, "800 ms ± 25 %: " + second);
        assertTrue(third >= 1200 && third <= 2000, "1600 ms ± 25 %: " + third);
        assertTrue(fourth >= 1500 && fourth <= 2500, "capped at 2 s ± 25 %: " + fourth);
        long polite = backoff.nextDelayInMillis(new Polite(Duration.ofSeconds(3)));
        assertTrue(polite >= 3000 && polite <= 3301, "never earlier than Retry-After: " + polite);
    }

    @Test
    void recognisesRefusedAndDroppedConnectionsAnywhereInTheCauses() {
        assertTrue(ConnectionFailures.isConnectionFailure(new RuntimeException(new ConnectException("refused"))));
        assertTrue(ConnectionFailures.isConnectionFailure(new IOException("Connection reset by peer")));
        assertTrue(ConnectionFailures.isConnectionFailure(new io.vertx.core.http.HttpClosedException("closed")));
        assertEquals(false, ConnectionFailures.isConnectionFailure(new IOException("disk full")));
    }

    private static final class Polite extends RuntimeException {
        private final Duration wait;

        Polite(Duration wait) {
            this.wait = wait;
        }
    }
}
