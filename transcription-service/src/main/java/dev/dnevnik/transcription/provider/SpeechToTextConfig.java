package dev.dnevnik.transcription.provider;

import java.time.Duration;
import java.util.Optional;

import dev.dnevnik.upstream.UpstreamPolicy;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Providers and their protections; application.properties maps the STT_* environment variables onto these. Every
 * provider is guarded by the same policy ({@code timeout}, {@code retry.*}, {@code circuit-breaker.*}) and bulkhead.
 */
@ConfigMapping(prefix = "dnevnik.stt")
public interface SpeechToTextConfig extends UpstreamPolicy {

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

    /** Retry-After sent with 503s that have no better estimate (busy, provider failing). */
    @WithDefault("5s")
    Duration busyRetryAfter();

    interface Endpoint {
        /** Label in metrics and stored transcripts; defaults to the base URL's host, e.g. groq. */
        Optional<String> name();

        Optional<String> baseUrl();

        Optional<String> apiKey();

        Optional<String> model();
    }
}
