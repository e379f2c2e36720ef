package dev.dnevnik.gateway.routing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.http.HttpMethod;

/**
 * The gateway's one route table: every public path prefix with what belongs to it — the service that answers it (or
 * the gateway itself), its label in metrics, the largest request body it takes, the rate-limit group its POSTs count
 * against, and whether only operators may use it. Forwarding, body limits, rate limits and metrics all read it;
 * adding a service to the platform is one entry here (plus one line in the launcher's list, see the README).
 *
 * <p>
 * The table is part of the architecture (DESIGN.md), not configuration: where each service runs is configured
 * ({@code dnevnik.gateway.services.<service>.url}), what it owns is not.
 *
 * @param service the service the requests go to, or null for the gateway's own resources
 * @param label the route group in metrics: the service's name, or the gateway feature's
 * @param maxBodyBytes the largest request body accepted, refused with 413 before it is read
 * @param postRateLimitGroup the rate-limit group POSTs count against (the default group for everything else)
 */
public record Route(String prefix, String service, String label, long maxBodyBytes, String postRateLimitGroup,
        boolean operatorsOnly) {

    public static final String API = "/api";
    public static final String DEFAULT_GROUP = "default";
    public static final String AUTH_GROUP = "auth";
    public static final String TRANSCRIPTIONS_GROUP = "transcriptions";

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    /** One recording: the speech-to-text providers' 25 MB and the multipart around it. */
    private static final long RECORDING = 26 * MB;
    /** For what no entry names. */
    static final long DEFAULT_MAX_BODY = MB;

    /** Most specific prefixes first: the first route whose prefix matches a path is its route. */
    public static final List<Route> TABLE = List.of(
            toService("/api/entries", "diary"),
            toService("/api/transcriptions/batch", "transcription").bodyUpTo(10 * RECORDING)
                    .postsCountAgainst(TRANSCRIPTIONS_GROUP),
            toService("/api/transcriptions", "transcription").bodyUpTo(RECORDING)
                    .postsCountAgainst(TRANSCRIPTIONS_GROUP),
            toService("/api/news", "news"),
            toService("/api/categories", "news"),
            toService("/api/events", "news"),
            toService("/api/subscriptions", "news"),
            toService("/api/digests", "news"),
            toService("/api/feeds", "news").forOperatorsOnly(),
            toService("/api/sync", "sync").forOperatorsOnly(),
            ownedBy("/api/voice-entries", "voice-entries").bodyUpTo(RECORDING).postsCountAgainst(TRANSCRIPTIONS_GROUP),
            ownedBy("/api/dashboard", "dashboard").bodyUpTo(4 * KB),
            ownedBy("/api/auth/api-keys", AUTH_GROUP).bodyUpTo(4 * KB),
            ownedBy("/api/auth/telegram", AUTH_GROUP).bodyUpTo(16 * KB).postsCountAgainst(AUTH_GROUP),
            ownedBy("/api/auth", AUTH_GROUP).bodyUpTo(4 * KB).postsCountAgainst(AUTH_GROUP));

    /** A prefix forwarded to a service, taking bodies up to 1 MB. */
    static Route toService(String prefix, String service) {
        return new Route(prefix, service, service, DEFAULT_MAX_BODY, null, false);
    }

    /** A prefix the gateway answers itself (its REST resources). */
    static Route ownedBy(String prefix, String feature) {
        return new Route(prefix, null, feature, DEFAULT_MAX_BODY, null, false);
    }

    Route bodyUpTo(long bytes) {
        return new Route(prefix, service, label, bytes, postRateLimitGroup, operatorsOnly);
    }

    Route postsCountAgainst(String group) {
        return new Route(prefix, service, label, maxBodyBytes, group, operatorsOnly);
    }

    Route forOperatorsOnly() {
        return new Route(prefix, service, label, maxBodyBytes, postRateLimitGroup, true);
    }

    /** The route a request path belongs to: the prefix itself or anything below it. */
    public static Optional<Route> forPath(String path) {
        for (Route route : TABLE) {
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** The services the table forwards to. */
    public static Set<String> services() {
        Set<String> services = new LinkedHashSet<>();
        TABLE.stream().filter(Route::forwarded).forEach(route -> services.add(route.service()));
        return services;
    }

    public boolean forwarded() {
        return service != null;
    }

    boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The rate-limit group a request with this method counts against. */
    public String rateLimitGroup(HttpMethod method) {
        return method == HttpMethod.POST && postRateLimitGroup != null ? postRateLimitGroup : DEFAULT_GROUP;
    }

    /** The path the service itself serves: the public path without {@code /api}. */
    static String servicePath(String publicPathAndQuery) {
        return publicPathAndQuery.substring(API.length());
    }

    /** The service's module name, as operators know it (diary → diary-service). */
    public static String moduleOf(String service) {
        return service + "-service";
    }
}
