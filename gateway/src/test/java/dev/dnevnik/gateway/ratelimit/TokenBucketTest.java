package dev.dnevnik.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;


class TokenBucketTest {

    @Test
    void allowsABurstUpToTheCapacityThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 60_000, 0);
        for (int i = 9; i >= 0; i--) {
            Decision decision = bucket.take(0);
            assertTrue(decision.allowed());
            assertEquals(i, decision.remaining());
        }
        Decision refused = bucket.take(0);
        assertFalse(refused.allowed());
        assertEquals(6, refused.retryAfterSeconds(), "10 per minute: one token every 6 s");
        assertEquals(60, refused.resetSeconds());
        assertFalse(bucket.take(5_999).allowed());
        assertTrue(bucket.take(6_000).allowed());
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(3, 60_000, 0);
        assertEquals(2, bucket.take(10 * 60_000).remaining());
        assertTrue(bucket.isFull(20 * 60_000));
    }

    @Test
    void forgetsOnlyBucketsThatAreFullAgain() {
        AtomicLong now = new AtomicLong();
        InMemoryBuckets buckets = new InMemoryBuckets(now::get);
        buckets.take("a", 2, 60_000);
        buckets.take("b", 2, 60_000);
        buckets.take("b", 2, 60_000);
        now.set(30_000);
        buckets.forgetFullBuckets();
        assertEquals(1, buckets.size(), "a refilled its one token in 30 s and is forgotten; b still owes one");
        assertEquals(0, buckets.take("b", 2, 60_000).remaining(), "b kept its state: a new bucket would leave 1");
    }
}
