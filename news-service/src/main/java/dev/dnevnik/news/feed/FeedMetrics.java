package dev.dnevnik.news.feed;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Feed fetching in /q/metrics: {@code dnevnik_feed_fetches_total{outcome}} (updated, unchanged, not_modified,
 * failed), {@code dnevnik_news_items_added_total}, and {@code dnevnik_feeds_in_backoff} (enabled feeds whose last
 * fetch failed).
 */
@ApplicationScoped
public class FeedMetrics {

    private final MeterRegistry registry;
    private final AtomicLong inBackoff = new AtomicLong();

    public FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("dnevnik.feeds.in.backoff", inBackoff, AtomicLong::get)
                .description("Enabled feeds whose last fetch failed, waiting out their back-off").register(registry);
    }

    void fetched(String outcome, int added) {
        registry.counter("dnevnik.feed.fetches", "outcome", outcome).increment();
        if (added > 0) {
            registry.counter("dnevnik.news.items.added").increment(added);
        }
    }

    void inBackoff(long feeds) {
        inBackoff.set(feeds);
    }
}
