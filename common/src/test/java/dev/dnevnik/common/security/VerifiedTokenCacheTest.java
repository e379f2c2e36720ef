package dev.dnevnik.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Test
    void servesAVerifiedTokenUntilItExpires() {
        VerifiedTokenCache cache = new VerifiedTokenCache(300_000, 10, now::get);
        JsonWebToken token = expiringAt(now.get() + 60_000);
        cache.put("t1", token);

        assertSame(token, cache.get("t1"));
        now.addAndGet(59_999);
        assertSame(token, cache.get("t1"));
        now.addAndGet(1);
        assertNull(cache.get("t1"), "an expired token must be verified again (and then rejected)");
        assertEquals(0, cache.size());
    }

    @Test
    void neverKeepsATokenLongerThanTheMaximumAge() {
        VerifiedTokenCache cache = new VerifiedTokenCache(1_000, 10, now::get);
        cache.put("t1", expiringAt(now.get() + 3_600_000));

        now.addAndGet(1_000);
        assertNull(cache.get("t1"));
    }

    @Test
    void doesNotStoreAlreadyExpiredTokensOrUnknownOnes() {
        VerifiedTokenCache cache = new VerifiedTokenCache(300_000, 10, now::get);
        cache.put("old", expiringAt(now.get() - 1));

        assertEquals(0, cache.size(), "an expired token is never stored");
        assertNull(cache.get("old"));
        assertNull(cache.get("never-seen"));
    }

    @Test
    void staysWithinItsBoundFirstDroppingExpiredEntries() {
        VerifiedTokenCache cache = new VerifiedTokenCache(300_000, 2, now::get);
        cache.put("short", expiringAt(now.get() + 10));
        cache.put("long", expiringAt(now.get() + 60_000));
        now.addAndGet(10);

        cache.put("new", expiringAt(now.get() + 60_000));
        assertEquals(2, cache.size());
        cache.put("newer", expiringAt(now.get() + 60_000));
        assertEquals(2, cache.size(), "full of live tokens: the newcomer is not kept");
        assertNull(cache.get("newer"));
    }

    static JsonWebToken expiringAt(long millis) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "exp".equals(claimName) ? (T) Long.valueOf(millis / 1000) : null;
            }

            @Override
            public long getExpirationTime() {
                return millis / 1000;
            }
        };
    }
}
