package dev.dnevnik.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Access tokens for tests, signed with the test key pair whose public half the services trust in the test profile
 * ({@code mp.jwt.verify.publickey.location=dnevnik-test-keys/public.pem}), plus the kinds of bad token a service must
 * reject.
 */
public final class TestTokens {

    public static final String ISSUER = "urn:dnevnik:gateway";
    private static final String PRIVATE_KEY = "dnevnik-test-keys/private.pem";
    /** A well-formed key the services do not trust: a token signed with it is a forgery. */
    private static final String FOREIGN_PRIVATE_KEY = "dnevnik-test-keys/foreign-private.pem";

    private TestTokens() {
    }

    public static String user(UUID id) {
        return claims(id.toString(), Set.of("user"), Duration.ofHours(1)).sign(PRIVATE_KEY);
    }

    public static String admin(UUID id) {
        return claims(id.toString(), Set.of("user", "admin"), Duration.ofHours(1)).sign(PRIVATE_KEY);
    }

    public static String expired(UUID id) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer(ISSUER).subject(id.toString()).upn(id.toString()).groups(Set.of("user"))
                .issuedAt(issued).expiresAt(issued.plus(Duration.ofHours(1))).sign(PRIVATE_KEY);
    }

    public static String forged(UUID id) {
        return claims(id.toString(), Set.of("user"), Duration.ofHours(1)).sign(FOREIGN_PRIVATE_KEY);
    }

    public static String withIssuer(UUID id, String issuer) {
        return Jwt.issuer(issuer).subject(id.toString()).groups(Set.of("user"))
                .expiresIn(Duration.ofHours(1)).sign(PRIVATE_KEY);
    }

    public static String withSubject(String subject) {
        return claims(subject, Set.of("user"), Duration.ofHours(1)).sign(PRIVATE_KEY);
    }

    private static JwtClaimsBuilder claims(String subject, Set<String> groups, Duration ttl) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(groups).expiresIn(ttl);
    }
}
