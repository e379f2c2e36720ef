package dev.dnevnik.upstream;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * How calls to one upstream are protected, as a configuration group: a service's {@code @ConfigMapping} embeds it
 * (its properties are {@code timeout}, {@code retry.*} and {@code circuit-breaker.*} under the upstream's prefix),
 * or implements it with values stored elsewhere. The defaults suit a fast service on the same network; a slow,
 * paid provider overrides them.
 */
public interface UpstreamPolicy {

    /** Longest wait for one attempt. */
    @WithDefault("10s")
    Duration timeout();

    Retry retry();

    CircuitBreaker circuitBreaker();

    interface Retry {
        /** Attempts after the first, for failures the upstream's classification calls retryable. */
        @WithDefault("2")
        int maxRetries();

        /** The first backoff; it doubles with each retry, with ±25 % jitter, up to {@link #maxBackoff()}. */
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("1s")
        Duration maxBackoff();

        /** A {@code Retry-After} asking for a longer wait is not retried: the caller is told to come back instead. */
        @WithDefault("10s")
        Duration longestRetryAfter();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("20")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the circuit stays open before trial calls; also the Retry-After told meanwhile. */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial calls that close it again. */
        @WithDefault("1")
        int successThreshold();
    }
}
