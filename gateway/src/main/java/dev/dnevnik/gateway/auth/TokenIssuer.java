package dev.dnevnik.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.dnevnik.common.security.CurrentUser;
import dev.dnevnik.gateway.config.GatewayConfig;
import dev.dnevnik.gateway.user.User;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Issues the short-lived RS256 access tokens every service verifies: {@code sub} is the user id, {@code groups}
 * holds {@code user} and, for operators, {@code admin}. The private key is read once at start (from a mounted secret
 * in Kubernetes, from the local run's dev key pair otherwise).
 */
@ApplicationScoped
@Startup // a missing or unreadable key stops the gateway at start, not at the first sign-in
public class TokenIssuer {

    private final PrivateKey signingKey;
    private final GatewayConfig.Tokens config;

    public TokenIssuer(@ConfigProperty(name = "smallrye.jwt.sign.key.location") String keyLocation,
            GatewayConfig config) throws IOException, GeneralSecurityException {
        this.signingKey = KeyUtils.decodePrivateKey(readPem(keyLocation));
        this.config = config.token();
    }

    /** The PEM text from a file path (a mounted secret, the local run's key) or a class-path resource (tests). */
    private static String readPem(String location) throws IOException {
        Path file = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        if (Files.isRegularFile(file)) {
            return Files.readString(file);
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("No signing key at " + location + " (set JWT_PRIVATE_KEY_LOCATION)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public AccessToken issue(User user) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.ttl());
        String subject = user.id().toString();
        Set<String> groups = user.admin() ? Set.of("user", CurrentUser.ADMIN_GROUP) : Set.of("user");
        String token = Jwt.issuer(config.issuer())
                .subject(subject)
                .upn(subject)
                .groups(groups)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("preferred_username", user.username() == null ? subject : user.username())
                .jws().keyId("dnevnik-gateway")
                .sign(signingKey);
        return new AccessToken(token, "Bearer", config.ttl().toSeconds(), expiresAt, UserView.of(user));
    }
}
