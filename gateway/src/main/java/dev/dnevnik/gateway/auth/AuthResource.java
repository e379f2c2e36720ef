package dev.dnevnik.gateway.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in", description = "Access tokens for the mobile app, the Telegram Mini App and scripts")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
public class AuthResource {

    private final SignInService signIn;
    private final boolean devLogin;

    public AuthResource(SignInService signIn, GatewayConfig config) {
        this.signIn = signIn;
        this.devLogin = config.devLogin();
    }

    @POST
    @Path("telegram")
    @Operation(operationId = "signInWithTelegram", summary = "Sign in from the Telegram Mini App",
            description = "Verifies initData with the bot token (HMAC-SHA256, as Telegram specifies) and its age, "
                    + "creates the user on first sign-in, and returns an access token.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Uni<AccessToken> telegram(@Valid @NotNull AuthRequests.TelegramSignIn request) {
        return signIn.telegram(request.initData());
    }

    @POST
    @Path("token")
    @Operation(operationId = "exchangeApiKey", summary = "Exchange an API key for an access token",
            description = "For scripts and other machine clients.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public Uni<AccessToken> token(@Valid @NotNull AuthRequests.ApiKeyExchange request) {
        return signIn.apiKey(request.apiKey());
    }

    @POST
    @Path("dev")
    @Operation(operationId = "signInForDevelopment", summary = "Sign in as a named dev user (development only)",
            description = "Exists in the dev profile and the local run (dnevnik.gateway.dev-login=true); "
                    + "answers 404 in production.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<AccessToken> dev(@Valid @NotNull AuthRequests.DevSignIn request) {
        if (!devLogin) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No such resource");
        }
        return signIn.dev(request.name(), request.admin());
    }
}
