package dev.dnevnik.common.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies each distinct bearer token once: clients send the same token on every request until it expires, and the
 * RSA signature check was the largest CPU cost of a typical request (bench/diary-list.sh). Decorates the parser that
 * Quarkus' JWT authentication uses, so every service gets it.
 */
@Decorator
@Priority(10)
public class CachingJwtParser implements JWTParser {

    private final JWTParser delegate;
    private final VerifiedTokenCache cache;

    @Inject
    protected CachingJwtParser(@Delegate @Any JWTParser delegate,
            @ConfigProperty(name = "dnevnik.jwt.cache.max-age", defaultValue = "5m") Duration maxAge,
            @ConfigProperty(name = "dnevnik.jwt.cache.max-entries", defaultValue = "10000") int maxEntries) {
        this.delegate = delegate;
        this.cache = new VerifiedTokenCache(maxAge.toMillis(), maxEntries, System::currentTimeMillis);
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        JsonWebToken known = cache.get(bearerToken);
        if (known != null) {
            return known;
        }
        JsonWebToken token = delegate.parse(bearerToken);
        cache.put(bearerToken, token);
        return token;
    }

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo context) throws ParseException {
        // a caller-supplied context may verify differently: never answer it from the cache
        return delegate.parse(bearerToken, context);
    }

    // the other ways to verify a token are not cached: they pass straight through

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
