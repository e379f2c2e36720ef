package dev.dnevnik.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the sign-in requests. */
public final class AuthRequests {

    private AuthRequests() {
    }

    @Schema(description = "Telegram Mini App sign-in")
    public record TelegramSignIn(
            @Schema(description = "window.Telegram.WebApp.initData, unchanged", required = true,
                    examples = "query_id=AAH...&user=%7B%22id%22%3A42...%7D&auth_date=1767000000&hash=5f0c...")
            @NotBlank @Size(max = 8192) String initData) {
    }

    @Schema(description = "An API key to exchange for an access token")
    public record ApiKeyExchange(
            @Schema(description = "The secret shown when the key was created", required = true,
                    examples = "dnv_Xk3J9aQe...")
            @NotBlank @Size(max = 200) String apiKey) {
    }

    @Schema(description = "Dev-only sign-in as a named user")
    public record DevSignIn(
            @Schema(description = "Any short name; the same name is the same user", required = true,
                    examples = "alice")
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+",
                    message = "may contain letters, digits, '.', '_' and '-'") String name,
            @Schema(description = "Sign in as an operator") boolean admin) {
    }
}
