package dev.dnevnik.gateway.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.gateway.apikey.ApiKeyRepository;
import dev.dnevnik.gateway.apikey.ApiKeySecrets;
import dev.dnevnik.gateway.config.GatewayConfig;
import dev.dnevnik.gateway.user.UserRepository;
import io.smallrye.mutiny.Uni;

/** The ways into Dnevnik; each ends with an access token for a (possibly just created) user. */
@ApplicationScoped
public class SignInService {

    private static final Logger LOG = Logger.getLogger(SignInService.class);
    static final String OPERATOR_IDENTITY = "operator";

    private final UserRepository users;
    private final ApiKeyRepository apiKeys;
    private final TokenIssuer tokens;
    private final Optional<TelegramInitData> telegram;
    private final List<Long> adminTelegramIds;
    private final Optional<String> adminApiKeyHash;

    public SignInService(UserRepository users, ApiKeyRepository apiKeys, TokenIssuer tokens, GatewayConfig config,
            ObjectMapper json) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.telegram = config.telegram().botToken().filter(token -> !token.isBlank())
                .map(botToken -> new TelegramInitData(botToken, config.telegram().maxAge(), json));
        this.adminTelegramIds = config.telegram().adminIds().orElse(List.of());
        this.adminApiKeyHash = config.adminApiKey().filter(key -> !key.isBlank()).map(ApiKeySecrets::hash);
    }

    public Uni<AccessToken> telegram(String initData) {
        TelegramInitData verifier = telegram.orElseThrow(() -> new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "Telegram sign-in is not configured: set TELEGRAM_BOT_TOKEN"));
        TelegramInitData.TelegramUser user;
        try {
            user = verifier.verify(initData, Instant.now());
        } catch (TelegramInitData.Invalid invalid) {
            LOG.infof("Telegram sign-in refused: %s", invalid.getMessage());
            throw new ProblemException(ProblemType.UNAUTHORIZED, invalid.getMessage());
        }
        return users.signIn("telegram:" + user.id(), user.id(), user.username(), user.displayName(),
                language(user.languageCode()), adminTelegramIds.contains(user.id()))
                .map(tokens::issue);
    }

    public Uni<AccessToken> apiKey(String secret) {
        String hash = ApiKeySecrets.hash(secret.strip());
        if (adminApiKeyHash.isPresent() && adminApiKeyHash.get().equals(hash)) {
            return users.signIn(OPERATOR_IDENTITY, null, "operator", "Operator", null, true).map(tokens::issue);
        }
        return apiKeys.useKey(hash)
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                        "Unknown or revoked API key"))
                .flatMap(users::findById)
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                        "The key's user no longer exists"))
                .map(tokens::issue);
    }

    public Uni<AccessToken> dev(String name, boolean admin) {
        String clean = name.strip();
        return users.signIn("dev:" + clean, null, clean, clean, null, admin).map(tokens::issue);
    }

    /** Telegram sends IETF tags like "en" or "pt-br"; the services keep ISO 639-1. */
    private static String language(String languageCode) {
        if (languageCode == null || languageCode.length() < 2) {
            return null;
        }
        String primary = languageCode.substring(0, 2).toLowerCase(java.util.Locale.ROOT);
        return primary.chars().allMatch(Character::isLetter) ? primary : null;
    }
}
