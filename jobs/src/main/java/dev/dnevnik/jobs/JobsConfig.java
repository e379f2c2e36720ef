package dev.dnevnik.jobs;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dnevnik.jobs.*}: how this replica's worker claims, runs and retries jobs. */
@ConfigMapping(prefix = "dnevnik.jobs")
public interface JobsConfig {

    /** Whether this replica runs jobs at all (it can still enqueue them and stream their events). */
    @WithDefault("true")
    boolean workerEnabled();

    /**
     * How long a claimed job belongs to its worker without a heartbeat. The heartbeat renews it every third of this;
     * a job whose worker died is claimed again once it runs out.
     */
    @WithDefault("30s")
    Duration lease();

    /** The fallback when a NOTIFY wake-up is missed (a reconnect, a retry coming due). */
    @WithDefault("2s")
    Duration pollInterval();

    /** A comment line sent to SSE clients this often, so proxies do not close an idle stream. */
    @WithDefault("15s")
    Duration keepAlive();

    /** Finished jobs and their events are deleted after this long. */
    @WithDefault("7d")
    Duration retention();

    Retry retry();

    /** Per kind of job: {@code dnevnik.jobs.kinds.<kind>.concurrency} and {@code .max-attempts}. */
    Map<String, Kind> kinds();

    interface Retry {
        /** The wait before the second attempt; it doubles per attempt, with jitter. */
        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();
    }

    interface Kind {
        /** Jobs of this kind running at once on one replica. */
        @WithDefault("4")
        int concurrency();

        /** Attempts before a job fails for good. */
        @WithDefault("3")
        int maxAttempts();
    }

    /** The settings of a kind, or the defaults when it has none configured. */
    default Kind kind(String kind) {
        Kind configured = kinds().get(kind);
        return configured != null ? configured : DEFAULT_KIND;
    }

    Kind DEFAULT_KIND = new Kind() {
        @Override
        public int concurrency() {
            return 4;
        }

        @Override
        public int maxAttempts() {
            return 3;
        }
    };
}
