package dev.dnevnik.sync.run;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dnevnik.sync.*}. */
@ConfigMapping(prefix = "dnevnik.sync")
public interface SyncConfig {

    /** How often the scheduler looks for sources whose schedule is due ({@code off}: never). */
    @WithDefault("30s")
    String scheduleEvery();

    /** A {@code Retry-After} asking for longer than this fails the page instead of waiting. */
    @WithDefault("60s")
    Duration longestRetryAfter();

    /** Progress events at most this often (and at least every ten pages). */
    @WithDefault("250ms")
    Duration progressInterval();
}
