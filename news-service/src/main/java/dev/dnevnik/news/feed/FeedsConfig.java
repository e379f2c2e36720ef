package dev.dnevnik.news.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How feeds (and iCalendar feeds) are fetched and scheduled: {@code dnevnik.feeds.*}. */
@ConfigMapping(prefix = "dnevnik.feeds")
public interface FeedsConfig {

    /** How often the scheduler looks for due feeds (a {@code @Scheduled} expression such as {@code 15s}, or off). */
    String scheduleEvery();

    /** No feed is fetched more often, whatever it asks for. */
    Duration minInterval();

    /** No healthy feed waits longer, whatever it asks for. */
    Duration maxInterval();

    /** The interval when neither the feed nor its server says anything. */
    Duration defaultInterval();

    /** The longest wait after failures (the backoff grows up to it; a failing feed stays scheduled). */
    Duration maxBackoff();

    Duration connectTimeout();

    /** The whole fetch: resolving, connecting, every redirect and the body. */
    Duration requestTimeout();

    /** The body's limit, both as received and after decompression. */
    MemorySize maxBodySize();

    int maxRedirects();

    /** CIDR ranges the SSRF guard lets through although they are loopback, private, link-local... */
    Optional<List<String>> allowedPrivateNetworks();

    /** The User-Agent sent with every fetch. */
    @WithDefault("Dnevnik-FeedFetcher/1.0 (+https://dnevnik.dev)")
    String userAgent();
}
