package dev.dnevnik.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/** The decorator asks the real parser once per distinct valid token, and every time for a token that failed. */
class CachingJwtParserTest {

    private final List<String> verified = new ArrayList<>();

    /** Verifies "good-*" tokens (valid for an hour) and refuses everything else, noting every call. */
    private final JWTParser realParser = (JWTParser) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { JWTParser.class }, (proxy, method, args) -> {
                if (!method.getName().equals("parse") || args.length != 1) {
                    throw new UnsupportedOperationException(method.getName());
                }
                String token = (String) args[0];
                verified.add(token);
                if (!token.startsWith("good-")) {
                    throw new ParseException("bad signature");
                }
                return VerifiedTokenCacheTest.expiringAt(System.currentTimeMillis() + 3_600_000);
            });

    private final JWTParser caching = new CachingJwtParser(realParser, Duration.ofMinutes(5), 100);

    @Test
    void verifiesEachDistinctValidTokenOnce() throws Exception {
        JsonWebToken first = caching.parse("good-1");

        assertSame(first, caching.parse("good-1"));
        caching.parse("good-2");
        assertEquals(List.of("good-1", "good-2"), verified);
    }

    @Test
    void verifiesAFailedTokenAgainEveryTime() {
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThrows(ParseException.class, () -> caching.parse("forged"));
        }
        assertEquals(List.of("forged", "forged", "forged"), verified, "a failure is never answered from the cache");
    }
}
