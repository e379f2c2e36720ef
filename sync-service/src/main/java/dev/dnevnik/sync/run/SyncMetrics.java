package dev.dnevnik.sync.run;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The business metrics of sync: runs by outcome, items by change, page fetches, retries, run time, in flight. Created
 * at start, so that the in-flight gauges read 0 before the first run rather than being absent.
 */
@Startup
@ApplicationScoped
public class SyncMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger runsInProgress = new AtomicInteger();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("dnevnik.sync.page.requests.in.flight", inFlight);
        registry.gauge("dnevnik.sync.runs.in.progress", runsInProgress);
    }

    void run(String outcome, Duration took) {
        registry.counter("dnevnik.sync.runs", "outcome", outcome).increment();
        Timer.builder("dnevnik.sync.run.duration").tag("outcome", outcome).register(registry).record(took);
    }

    void items(String change, long count) {
        if (count > 0) {
            registry.counter("dnevnik.sync.items", "change", change).increment(count);
        }
    }

    void pageFetch(String outcome) {
        registry.counter("dnevnik.sync.page.fetches", "outcome", outcome).increment();
    }

    void retried() {
        registry.counter("dnevnik.sync.retries").increment();
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestEnded() {
        inFlight.decrementAndGet();
    }

    void runStarted() {
        runsInProgress.incrementAndGet();
    }

    void runEnded() {
        runsInProgress.decrementAndGet();
    }
}
