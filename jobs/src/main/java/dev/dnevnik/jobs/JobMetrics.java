package dev.dnevnik.jobs;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The jobs' metrics: {@code dnevnik_jobs{kind,state}} (rows in the table, shared by all replicas),
 * {@code dnevnik_job_queue_wait_seconds{kind}} (due to claimed), {@code dnevnik_job_run_seconds{kind,outcome}},
 * {@code dnevnik_jobs_rescued_total{kind}} (claimed again after a worker died) and
 * {@code dnevnik_job_attempts_total{kind,outcome}} (succeeded, retried, failed, cancelled, lost).
 */
final class JobMetrics {

    private final MeterRegistry registry;
    private final Map<String, Map<JobState, AtomicLong>> counts = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry registry, Collection<String> kinds) {
        this.registry = registry;
        kinds.forEach(this::gauges);
    }

    private Map<JobState, AtomicLong> gauges(String kind) {
        return counts.computeIfAbsent(kind, k -> {
            Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);
            for (JobState state : JobState.values()) {
                AtomicLong value = new AtomicLong();
                byState.put(state, value);
                Gauge.builder("dnevnik.jobs", value, AtomicLong::get)
                        .description("Jobs in the table by kind and state (all replicas)")
                        .tags("kind", k, "state", state.value()).register(registry);
            }
            return byState;
        });
    }

    void counted(Map<String, Map<JobState, Long>> latest) {
        latest.keySet().forEach(this::gauges);
        counts.forEach((kind, byState) -> byState.forEach((state, value) -> value
                .set(latest.getOrDefault(kind, Map.of()).getOrDefault(state, 0L))));
    }

    void claimed(String kind, Duration queueWait, boolean rescued) {
        Timer.builder("dnevnik.job.queue.wait").description("From due to claimed by a worker")
                .tags("kind", kind).publishPercentileHistogram().register(registry)
                .record(queueWait.isNegative() ? Duration.ZERO : queueWait);
        if (rescued) {
            Counter.builder("dnevnik.jobs.rescued").description("Jobs claimed again because their worker's lease ran out")
                    .tags("kind", kind).register(registry).increment();
        }
    }

    void attemptEnded(String kind, String outcome, Duration runTime) {
        Timer.builder("dnevnik.job.run").description("Time a job's attempt ran, by how it ended")
                .tags("kind", kind, "outcome", outcome).publishPercentileHistogram().register(registry)
                .record(runTime);
        Counter.builder("dnevnik.job.attempts").description("Attempts by how they ended")
                .tags("kind", kind, "outcome", outcome).register(registry).increment();
    }
}
