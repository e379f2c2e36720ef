package dev.dnevnik.news.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

/** min-interval 10m, max-interval 24h, default 1h, max-backoff 24h. */
class RefreshScheduleTest {

    private static final Instant NOW = Instant.parse("2025-11-03T12:00:00Z");

    /** A random source that always answers {@code value}: jitter at one end, the middle or the other. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private final RefreshSchedule schedule = new RefreshSchedule(TestFeedsConfig.defaults(), fixed(0.5));

    private static FetchResult hints(Duration maxAge, Duration expiresIn, Duration retryAfter) {
        return new FetchResult(200, URI.create("https://x.example/"), false, new byte[0], null, null, null, maxAge,
                expiresIn, retryAfter);
    }

    private static Duration after(Instant next) {
        return Duration.between(NOW, next);
    }

    @Test
    void usesTheDefaultIntervalWhenNothingSaysOtherwise() {
        assertEquals(Duration.ofHours(1), after(schedule.nextAfterSuccess(NOW, null, null)));
        assertEquals(Duration.ofHours(1), after(schedule.nextAfterSuccess(NOW, null, hints(null, null, null))));
    }

    @Test
    void honoursTheFeedsTtl() {
        assertEquals(Duration.ofHours(3), after(schedule.nextAfterSuccess(NOW, Duration.ofHours(3), null)));
        assertEquals(Duration.ofMinutes(30), after(schedule.nextAfterSuccess(NOW, Duration.ofMinutes(30), null)));
    }

    @Test
    void honoursCacheControlMaxAgeOverExpires() {
        assertEquals(Duration.ofHours(2), after(schedule.nextAfterSuccess(NOW, null,
                hints(Duration.ofHours(2), Duration.ofHours(5), null))));
    }

    @Test
    void honoursExpiresWithoutMaxAge() {
        assertEquals(Duration.ofHours(5), after(schedule.nextAfterSuccess(NOW, null,
                hints(null, Duration.ofHours(5), null))));
    }

    @Test
    void takesTheLongerOfTtlAndServerFreshness() {
        assertEquals(Duration.ofHours(2), after(schedule.nextAfterSuccess(NOW, Duration.ofMinutes(20),
                hints(Duration.ofHours(2), null, null))));
        assertEquals(Duration.ofHours(4), after(schedule.nextAfterSuccess(NOW, Duration.ofHours(4),
                hints(Duration.ofMinutes(15), null, null))));
    }

    @Test
    void honoursRetryAfterOnSuccessAsALowerBound() {
        assertEquals(Duration.ofHours(6), after(schedule.nextAfterSuccess(NOW, null,
                hints(Duration.ofMinutes(30), null, Duration.ofHours(6)))));
    }

    @Test
    void clampsToMinAndMaxInterval() {
        assertEquals(Duration.ofMinutes(10), after(schedule.nextAfterSuccess(NOW, Duration.ofMinutes(1), null)));
        assertEquals(Duration.ofMinutes(10), after(schedule.nextAfterSuccess(NOW, null,
                hints(Duration.ZERO, null, null))), "max-age=0 does not mean hammering");
        assertEquals(Duration.ofHours(24), after(schedule.nextAfterSuccess(NOW, Duration.ofDays(7), null)));
        assertEquals(Duration.ofHours(24), after(schedule.nextAfterSuccess(NOW, null,
                hints(Duration.ofDays(365), null, null))));
    }

    @Test
    void backsOffExponentiallyFromMinInterval() {
        assertEquals(Duration.ofMinutes(10), after(schedule.nextAfterFailure(NOW, 1, null)));
        assertEquals(Duration.ofMinutes(20), after(schedule.nextAfterFailure(NOW, 2, null)));
        assertEquals(Duration.ofMinutes(40), after(schedule.nextAfterFailure(NOW, 3, null)));
        assertEquals(Duration.ofMinutes(80), after(schedule.nextAfterFailure(NOW, 4, null)));
        assertEquals(Duration.ofMinutes(640), after(schedule.nextAfterFailure(NOW, 7, null)));
    }

    @Test
    void capsBackoffAtMaxBackoffAndNeverGivesUp() {
        assertEquals(Duration.ofHours(24), after(schedule.nextAfterFailure(NOW, 9, null)));
        assertEquals(Duration.ofHours(24), after(schedule.nextAfterFailure(NOW, 1_000, null)));
        assertEquals(Duration.ofHours(24), after(schedule.nextAfterFailure(NOW, Integer.MAX_VALUE, null)));
    }

    @Test
    void keepsJitterWithinAQuarterAndWithinTheBounds() {
        RefreshSchedule low = new RefreshSchedule(TestFeedsConfig.defaults(), fixed(0.0));
        RefreshSchedule high = new RefreshSchedule(TestFeedsConfig.defaults(), fixed(0.999_999));
        assertEquals(Duration.ofMinutes(30), after(low.nextAfterFailure(NOW, 3, null)));
        Duration highest = after(high.nextAfterFailure(NOW, 3, null));
        assertTrue(highest.compareTo(Duration.ofMinutes(50)) <= 0 && highest.compareTo(Duration.ofSeconds(2999)) > 0,
                highest.toString());
        assertEquals(Duration.ofMinutes(10), after(low.nextAfterFailure(NOW, 1, null)), "never below min-interval");
        assertEquals(Duration.ofHours(18), after(low.nextAfterFailure(NOW, 30, null)), "jitter below the cap");
        assertEquals(Duration.ofHours(24), after(high.nextAfterFailure(NOW, 30, null)), "never above max-backoff");

        RefreshSchedule random = new RefreshSchedule(TestFeedsConfig.defaults(), new Random(42));
        Set<Duration> seen = new HashSet<>();
        for (int errors = 1; errors <= 20; errors++) {
            for (int i = 0; i < 50; i++) {
                Duration delay = after(random.nextAfterFailure(NOW, errors, null));
                double base = Math.min(10.0 * Math.pow(2, errors - 1), 24 * 60);
                assertTrue(delay.compareTo(Duration.ofMinutes(10)) >= 0 && delay.compareTo(Duration.ofHours(24)) <= 0,
                        delay.toString());
                assertTrue(delay.toMillis() >= base * 0.75 * 60_000 - 1 && delay.toMillis() <= base * 1.25 * 60_000 + 1,
                        errors + " errors: " + delay);
                seen.add(delay);
            }
        }
        assertTrue(seen.size() > 500, "feeds failing together come back spread out");
    }

    @Test
    void honoursALongerRetryAfterCappedAtMaxBackoff() {
        assertEquals(Duration.ofHours(3), after(schedule.nextAfterFailure(NOW, 1, Duration.ofHours(3))));
        assertEquals(Duration.ofMinutes(20), after(schedule.nextAfterFailure(NOW, 2, Duration.ofMinutes(1))),
                "a shorter Retry-After does not cut the backoff");
        assertEquals(Duration.ofHours(24), after(schedule.nextAfterFailure(NOW, 1, Duration.ofDays(30))));
    }
}
