package dev.dnevnik.transcription.provider;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.upstream.OpenAiFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Upstream metrics per provider: call latency by outcome, calls in flight, bulkhead rejections, retries, failovers,
 * circuit-breaker state, and the provider's own rate-limit headers ({@code x-ratelimit-*}) as gauges.
 */
@ApplicationScoped
public class ProviderMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> circuitState = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> rateLimits = new ConcurrentHashMap<>();

    public ProviderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a provider's gauges up front, so dashboards see them before the first call. */
    void register(String provider) {
        Gauge.builder("dnevnik.stt.upstream.in.flight", inFlight.computeIfAbsent(provider, p -> new AtomicInteger()),
                AtomicInteger::get).description("Provider calls in flight (past the bulkhead)")
                .tag("provider", provider).register(registry);
        Gauge.builder("dnevnik.stt.circuit.state", circuitState.computeIfAbsent(provider, p -> new AtomicInteger()),
                AtomicInteger::get).description("Circuit breaker: 0 closed, 1 half-open, 2 open")
                .tag("provider", provider).register(registry);
    }

    /**
     * One finished transcription request: {@code dnevnik_transcriptions_total{outcome,provider}}. Outcomes are
     * {@code success}, the failure kinds ({@link OpenAiFailure#outcome()}) and {@code invalid_input} (refused
     * before any provider was asked, provider {@code none}). Idempotent replays are not counted.
     */
    public void transcription(String outcome, String provider) {
        Counter.builder("dnevnik.transcriptions").description("Transcription requests by outcome and provider")
                .tag("outcome", outcome).tag("provider", provider).register(registry).increment();
    }

    /** Seconds of audio transcribed: {@code dnevnik_transcribed_audio_seconds_total{provider}}. */
    void audio(String provider, double seconds) {
        Counter.builder("dnevnik.transcribed.audio.seconds").description("Seconds of audio transcribed")
                .tag("provider", provider).register(registry).increment(seconds);
    }

    void callStarted(String provider) {
        inFlight.get(provider).incrementAndGet();
    }

    void callEnded(String provider, long startNanos, String outcome) {
        inFlight.get(provider).decrementAndGet();
        Timer.builder("dnevnik.stt.upstream.duration").description("Duration of one provider call (one attempt)")
                .tag("provider", provider).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void circuitChanged(String provider, CircuitBreakerState state) {
        circuitState.get(provider).set(switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    void rejectedByBulkhead(String provider) {
        counter("dnevnik.stt.bulkhead.rejected", "Calls refused because the bulkhead and its queue were full",
                provider).increment();
    }

    /** A retry about to wait {@code delay}: counted by cause, and the waits kept (a 429's wait is as asked). */
    void retried(String provider, Throwable cause, Duration delay) {
        Counter.builder("dnevnik.stt.retries").description("Provider calls retried, by the failure that caused it")
                .tag("provider", provider).tag("cause", OpenAiFailure.of(cause).outcome())
                .register(registry).increment();
        Timer.builder("dnevnik.stt.retry.delay").description("How long a retry waited before it was sent")
                .tag("provider", provider).register(registry).record(delay);
    }

    void failedOver(String from, String to) {
        Counter.builder("dnevnik.stt.failovers").description("Transcriptions handed from one provider to another")
                .tag("from", from).tag("to", to).register(registry).increment();
    }

    /** Numeric {@code x-ratelimit-*} headers; reset times like {@code 2m59.56s} become seconds. */
    void rateLimits(String provider, Map<String, String> headers) {
        headers.forEach((header, value) -> {
            Double number = RateLimitHeaders.parse(value);
            if (number == null) {
                return;
            }
            String limit = header.substring("x-ratelimit-".length());
            rateLimits.computeIfAbsent(provider + '\n' + limit, key -> {
                AtomicReference<Double> holder = new AtomicReference<>(number);
                Gauge.builder("dnevnik.stt.ratelimit", holder, AtomicReference::get)
                        .description("Last x-ratelimit-* value the provider sent (resets in seconds)")
                        .tag("provider", provider).tag("limit", limit).register(registry);
                return holder;
            }).set(number);
        });
    }

    private Counter counter(String name, String description, String provider) {
        return Counter.builder(name).description(description).tag("provider", provider).register(registry);
    }
}
