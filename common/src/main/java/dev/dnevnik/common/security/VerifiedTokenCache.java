package dev.dnevnik.common.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens whose signature and claims were already verified. Only successful verifications are kept, keyed by the
 * exact token text (any change to a token changes the key), never past the token's own expiry nor longer than
 * {@code maxAgeMillis}, and never more than {@code maxEntries} at once.
 */
final class VerifiedTokenCache {

    private final long maxAgeMillis;
    private final int maxEntries;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(JsonWebToken token, long validUntilMillis) {
    }

    VerifiedTokenCache(long maxAgeMillis, int maxEntries, LongSupplier clock) {
        this.maxAgeMillis = maxAgeMillis;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The verified token for this text, or null when it must be verified (again). */
    JsonWebToken get(String bearerToken) {
        Verified known = verified.get(bearerToken);
        if (known == null) {
            return null;
        }
        if (clock.getAsLong() < known.validUntilMillis()) {
            return known.token();
        }
        verified.remove(bearerToken, known);
        return null;
    }

    void put(String bearerToken, JsonWebToken token) {
        long now = clock.getAsLong();
        long expiresMillis = token.getExpirationTime() * 1000;
        if (expiresMillis <= now) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> entry.validUntilMillis() <= now);
            if (verified.size() >= maxEntries) {
                // full of live tokens: verify the newcomer every time rather than grow without bound
                return;
            }
        }
        verified.put(bearerToken, new Verified(token, Math.min(expiresMillis, now + maxAgeMillis)));
    }

    int size() {
        return verified.size();
    }
}
