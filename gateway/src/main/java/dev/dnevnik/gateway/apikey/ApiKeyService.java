package dev.dnevnik.gateway.apikey;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;

    public ApiKeyService(ApiKeyRepository keys) {
        this.keys = keys;
    }

    public Uni<CreatedApiKey> create(UUID owner, String name) {
        String secret = ApiKeySecrets.generate();
        return keys.insert(owner, name.strip(), ApiKeySecrets.shownPart(secret), ApiKeySecrets.hash(secret))
                .map(key -> {
                    if (key == null) {
                        throw new ProblemException(ProblemType.CONFLICT, "You already have "
                                + ApiKeyRepository.MAX_LIVE_KEYS + " API keys; revoke one you no longer use first");
                    }
                    return new CreatedApiKey(key.id(), key.name(), key.prefix(), key.createdAt(), secret);
                });
    }

    public Uni<List<ApiKey>> list(UUID owner) {
        return keys.listLive(owner);
    }

    public Uni<Void> revoke(UUID owner, UUID id) {
        return keys.revoke(owner, id).invoke(revoked -> {
            if (!revoked) {
                throw ProblemException.notFound("No API key " + id);
            }
        }).replaceWithVoid();
    }
}
