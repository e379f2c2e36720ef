package dev.dnevnik.news.digest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.upstream.OpenAiFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The chat-completions API's metrics, named like the speech-to-text providers': calls by outcome
 * ({@code dnevnik_llm_calls_total{outcome}}), attempt latency by outcome, calls in flight, bulkhead rejections,
 * retries and their waits, circuit-breaker state; and digest texts by engine
 * ({@code dnevnik_digest_texts_total{engine,reason}}).
 */
@ApplicationScoped
public class LlmMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger circuitState = new AtomicInteger();

    public LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges up front, so dashboards see them before the first call. */
    void register() {
        Gauge.builder("dnevnik.llm.upstream.in.flight", inFlight, AtomicInteger::get)
                .description("Chat-completion calls in flight (past the bulkhead)").register(registry);
        Gauge.builder("dnevnik.llm.circuit.state", circuitState, AtomicInteger::get)
                .description("Circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
    }

    /** One finished call, retries included: {@code success} or a failure kind ({@link OpenAiFailure}). */
    void call(String outcome) {
        Counter.builder("dnevnik.llm.calls").description("Chat-completion calls by outcome (after retries)")
                .tag("outcome", outcome).register(registry).increment();
    }

    void attemptStarted() {
        inFlight.incrementAndGet();
    }

    void attemptEnded(long startNanos, String outcome) {
        inFlight.decrementAndGet();
        Timer.builder("dnevnik.llm.upstream.duration").description("Duration of one chat-completion attempt")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void circuitChanged(CircuitBreakerState state) {
        circuitState.set(switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    void rejectedByBulkhead() {
        Counter.builder("dnevnik.llm.bulkhead.rejected")
                .description("Calls refused because the bulkhead and its queue were full").register(registry)
                .increment();
    }

    /** A retry about to wait {@code delay}: counted by cause, and the waits kept (a 429's wait is as asked). */
    void retried(Throwable cause, Duration delay) {
        Counter.builder("dnevnik.llm.retries").description("Chat-completion calls retried, by the failure that caused it")
                .tag("cause", OpenAiFailure.of(cause).outcome()).register(registry).increment();
        Timer.builder("dnevnik.llm.retry.delay").description("How long a retry waited before it was sent")
                .register(registry).record(delay);
    }

    /**
     * One digest text written: {@code engine} is {@code llm} or {@code extractive}; {@code reason} says why
     * ({@code success}, {@code not_configured}, {@code no_items}, or the LLM failure that made it extractive).
     */
    void digestText(String engine, String reason) {
        Counter.builder("dnevnik.digest.texts").description("Digest texts written, by engine and reason")
                .tag("engine", engine).tag("reason", reason).register(registry).increment();
    }
}
