package dev.dnevnik.gateway.auth;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a successful sign-in returns. */
@RegisterForReflection
@Schema(description = "A short-lived access token; send it as 'Authorization: Bearer <accessToken>'")
public record AccessToken(
        @Schema(description = "RS256 JWT accepted by every Dnevnik API") String accessToken,
        @Schema(examples = "Bearer") String tokenType,
        @Schema(description = "Seconds until the token expires", examples = "900") long expiresIn,
        Instant expiresAt,
        UserView user) {
}
