package dev.dnevnik.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.gateway.routing.Route;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's own calls to sync-service (the operators' dashboard), under the service's guard, so they share its
 * retries and circuit with the forwarded /api/sync routes. A read, so it is retried after the service failed.
 * Failures come out as what the client is told.
 */
@ApplicationScoped
public class Sync {

    private final ServiceClient<SyncApi> sync;

    public Sync(Downstreams downstreams) {
        this.sync = ServiceClient.of(downstreams, SyncApi.SERVICE, SyncApi.class);
    }

    /**
     * The latest {@code limit} sync runs, as sync-service shows them: the {@code items} of its first page, passed on
     * unchanged. An answer without that array is not what the contract promises; it fails the call (after the guard,
     * so it neither is retried nor counts against the circuit: the service did answer).
     */
    public Uni<JsonNode> latestRuns(String authorization, String requestId, int limit) {
        return sync.call(api -> api.runs(authorization, requestId, limit)).map(page -> {
            JsonNode items = page == null ? null : page.get("items");
            if (items == null || !items.isArray()) {
                throw new ProblemException(ProblemType.BAD_GATEWAY,
                        Route.moduleOf(SyncApi.SERVICE) + " answered without a list of runs");
            }
            return items;
        });
    }
}
