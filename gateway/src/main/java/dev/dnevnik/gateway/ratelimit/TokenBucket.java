package dev.dnevnik.gateway.ratelimit;

/**
 * A token bucket: it holds up to {@code capacity} tokens, refills continuously at {@code capacity} per period, and
 * every request takes one. This allows bursts up to the capacity while holding the long-run rate. The same arithmetic
 * runs in Redis (see {@link RedisBuckets}) so both modes limit identically.
 */
final class TokenBucket {

    private final int capacity;
    private final double tokensPerMilli;
    private double tokens;
    private long updatedAt;

    TokenBucket(int capacity, long periodMillis, long now) {
        this.capacity = capacity;
        this.tokensPerMilli = capacity / (double) periodMillis;
        this.tokens = capacity;
        this.updatedAt = now;
    }

    synchronized Decision take(long now) {
        refill(now);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        return Decision.of(allowed, capacity, tokens, tokensPerMilli);
    }

    /** Whether the bucket is full by now, i.e. it remembers nothing and can be forgotten. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        if (now > updatedAt) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * tokensPerMilli);
            updatedAt = now;
        }
    }
}
