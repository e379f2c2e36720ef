package dev.dnevnik.news.feed;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;

/** {@link FeedsConfig} for plain tests: the production defaults, changed one value at a time. */
record TestFeedsConfig(Duration minInterval, Duration maxInterval, Duration defaultInterval, Duration maxBackoff,
        Duration connectTimeout, Duration requestTimeout, long maxBodyBytes, int maxRedirects,
        List<String> allowed) implements FeedsConfig {

    /** The values of application.properties, with loopback allowed (WireMock listens there). */
    static TestFeedsConfig defaults() {
        return new TestFeedsConfig(Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(5), 1024 * 1024, 5,
                List.of("127.0.0.0/8"));
    }

    TestFeedsConfig withRequestTimeout(Duration timeout) {
        return new TestFeedsConfig(minInterval, maxInterval, defaultInterval, maxBackoff, connectTimeout, timeout,
                maxBodyBytes, maxRedirects, allowed);
    }

    TestFeedsConfig withMaxBodyBytes(long bytes) {
        return new TestFeedsConfig(minInterval, maxInterval, defaultInterval, maxBackoff, connectTimeout,
                requestTimeout, bytes, maxRedirects, allowed);
    }

    TestFeedsConfig withMaxRedirects(int redirects) {
        return new TestFeedsConfig(minInterval, maxInterval, defaultInterval, maxBackoff, connectTimeout,
                requestTimeout, maxBodyBytes, redirects, allowed);
    }

    TestFeedsConfig withAllowed(List<String> networks) {
        return new TestFeedsConfig(minInterval, maxInterval, defaultInterval, maxBackoff, connectTimeout,
                requestTimeout, maxBodyBytes, maxRedirects, networks);
    }

    @Override
    public String scheduleEvery() {
        return "off";
    }

    @Override
    public MemorySize maxBodySize() {
        return new MemorySize(BigInteger.valueOf(maxBodyBytes));
    }

    @Override
    public Optional<List<String>> allowedPrivateNetworks() {
        return allowed.isEmpty() ? Optional.empty() : Optional.of(allowed);
    }

    @Override
    public String userAgent() {
        return "Dnevnik-FeedFetcher/test";
    }
}
