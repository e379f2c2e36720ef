package dev.dnevnik.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * A public path prefix and the service behind it. The table is part of the architecture (DESIGN.md), not
 * configuration: where each service runs is configured, what it owns is not.
 */
public record Route(String prefix, String service, boolean adminOnly) {

    public static final String API = "/api";

    public static final List<Route> ALL = List.of(
            new Route("/api/entries", "diary", false),
            new Route("/api/transcriptions", "transcription", false),
            new Route("/api/news", "news", false),
            new Route("/api/categories", "news", false),
            new Route("/api/events", "news", false),
            new Route("/api/subscriptions", "news", false),
            new Route("/api/digests", "news", false),
            new Route("/api/sync", "sync", true));

    /** The route a request path belongs to: the prefix itself or anything below it. */
    public static Optional<Route> forPath(String path) {
        for (Route route : ALL) {
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The path the service itself serves: the public path without {@code /api}. */
    public static String servicePath(String publicPathAndQuery) {
        return publicPathAndQuery.substring(API.length());
    }

    /** The service's module name, as operators know it (diary → diary-service). */
    public String serviceName() {
        return service + "-service";
    }
}
