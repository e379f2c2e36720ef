package dev.dnevnik.diary.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/**
 * Replaces the service's system clock in tests: it runs as the system clock until a test fixes the time, e.g. to an
 * hour at which a date-line time zone is already a day ahead of UTC.
 */
@Singleton
public class AdjustableClock extends Clock {

    private volatile Instant fixed;

    public void fixAt(Instant instant) {
        fixed = instant;
    }

    public void runFree() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now != null ? now : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        AdjustableClock source = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return source.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }
        };
    }
}
