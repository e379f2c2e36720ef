package dev.dnevnik.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Buckets in this process: exact for one replica, and what the gateway falls back to when Redis is unreachable. */
final class InMemoryBuckets {

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    InMemoryBuckets(LongSupplier clock) {
        this.clock = clock;
    }

    Decision take(String key, int capacity, long periodMillis) {
        long now = clock.getAsLong();
        return buckets.computeIfAbsent(key, ignored -> new TokenBucket(capacity, periodMillis, now)).take(now);
    }

    /** Forgets buckets that have refilled completely: they would answer exactly as a new one. */
    void forgetFullBuckets() {
        long now = clock.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    int size() {
        return buckets.size();
    }
}
