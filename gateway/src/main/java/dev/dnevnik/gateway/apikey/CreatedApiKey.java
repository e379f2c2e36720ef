package dev.dnevnik.gateway.apikey;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(description = "A new API key with its secret: store the secret now, it is never shown again")
public record CreatedApiKey(UUID id, String name, String prefix, Instant createdAt,
        @Schema(description = "Exchange it at POST /api/auth/token for an access token") String secret) {
}
