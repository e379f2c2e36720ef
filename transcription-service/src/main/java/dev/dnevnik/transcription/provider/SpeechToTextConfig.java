package dev.dnevnik.transcription.provider;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Providers and their protections; application.properties maps the STT_* environment variables onto these. */
@ConfigMapping(prefix = "dnevnik.stt")
public interface SpeechToTextConfig {

    Endpoint primary();

    Endpoint secondary();

    /** Largest audio file accepted (the providers' own limit is 25 MB). */
    @WithDefault("25M")
    MemorySize maxFileSize();

    /** Upstream calls in flight at once, per provider (the bulkhead). */
    @WithDefault("64")
    int maxConcurrent();

    /** Calls allowed to wait for a free slot; beyond that a request gets 503 at once. */
    @WithDefault("256")
    int queueSize();

    /** Longest wait for one provider call (including its time queued in the bulkhead). */
    @WithDefault("60s")
    Duration timeout();

    /** Retry-After sent with 503s that have no better estimate (busy, provider failing). */
    @WithDefault("5s")
    Duration busyRetryAfter();

    Retry retry();

    CircuitBreaker circuitBreaker();

    interface Endpoint {
        /** Label in metrics and stored transcripts; defaults to the base URL's host, e.g. groq. */
        Optional<String> name();

        Optional<String> baseUrl();

        Optional<String> apiKey();

        Optional<String> model();
    }

    interface Retry {
        @WithDefault("2")
        int maxRetries();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();

        /** A 429 asking for a longer wait is not retried: the client is told to come back instead. */
        @WithDefault("10s")
        Duration longestRetryAfter();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the circuit stays open before trial calls are let through. */
        @WithDefault("30s")
        Duration delay();

        @WithDefault("2")
        int successThreshold();
    }
}
