package dev.dnevnik.gateway.auth;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.dnevnik.gateway.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(description = "The signed-in user")
public record UserView(UUID id, String username, String displayName, String language, boolean admin) {

    static UserView of(User user) {
        return new UserView(user.id(), user.username(), user.displayName(), user.language(), user.admin());
    }
}
