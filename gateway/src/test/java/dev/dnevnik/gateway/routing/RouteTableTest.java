package dev.dnevnik.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;

/** The route table decides, for every public path, who answers, how large a body may be and which limit applies. */
class RouteTableTest {

    @Test
    void sendsEachResourceToTheServiceThatOwnsIt() {
        assertEquals("diary", service("/api/entries/0193f1d2"));
        assertEquals("transcription", service("/api/transcriptions/batch"));
        assertEquals("news", service("/api/digests/42/events"));
        assertEquals("sync", service("/api/sync/runs"));
        assertEquals("the gateway", service("/api/voice-entries"));
        assertEquals(Optional.empty(), Route.forPath("/api/entriesx"), "a prefix matches whole path segments only");
        assertEquals(Set.of("diary", "transcription", "news", "sync"), Route.services());
    }

    @Test
    void sortsRequestsIntoRateLimitGroups() {
        assertEquals("auth", group(HttpMethod.POST, "/api/auth/telegram"));
        assertEquals("auth", group(HttpMethod.POST, "/api/auth/token"));
        assertEquals("default", group(HttpMethod.POST, "/api/auth/api-keys"));
        assertEquals("transcriptions", group(HttpMethod.POST, "/api/transcriptions"));
        assertEquals("transcriptions", group(HttpMethod.POST, "/api/transcriptions/batch"));
        assertEquals("transcriptions", group(HttpMethod.POST, "/api/voice-entries"));
        assertEquals("default", group(HttpMethod.GET, "/api/transcriptions"));
        assertEquals("default", group(HttpMethod.POST, "/api/entries"));
    }

    @Test
    void holdsEachRouteToItsOwnBodyLimit() {
        RouteBodyLimits limits = new RouteBodyLimits();
        assertEquals(26L * 1024 * 1024, limits.maxBytes("/api/transcriptions"));
        assertEquals(260L * 1024 * 1024, limits.maxBytes("/api/transcriptions/batch"));
        assertEquals(26L * 1024 * 1024, limits.maxBytes("/api/voice-entries"));
        assertEquals(1024L * 1024, limits.maxBytes("/api/entries/0193f1d2"), "below the prefix too");
        assertEquals(16L * 1024, limits.maxBytes("/api/auth/telegram"));
        assertEquals(4L * 1024, limits.maxBytes("/api/auth/dev"));
        assertEquals(1024L * 1024, limits.maxBytes("/q/metrics"));
    }

    @Test
    void labelsMetricsByServiceOrGatewayFeature() {
        assertEquals("diary", GatewayMetrics.routeGroup("/api/entries"));
        assertEquals("auth", GatewayMetrics.routeGroup("/api/auth/api-keys/1"));
        assertEquals("voice-entries", GatewayMetrics.routeGroup("/api/voice-entries"));
        assertEquals("other", GatewayMetrics.routeGroup("/api/nothing-here"));
    }

    @Test
    void keepsSyncForOperators() {
        assertTrue(Route.forPath("/api/sync/sources").orElseThrow().operatorsOnly());
        assertFalse(Route.forPath("/api/news").orElseThrow().operatorsOnly());
    }

    @Test
    void listsMoreSpecificPrefixesBeforeTheRoutesTheyWouldFallUnder() {
        List<Route> table = Route.TABLE;
        for (int i = 0; i < table.size(); i++) {
            for (int later = i + 1; later < table.size(); later++) {
                assertFalse(table.get(i).matches(table.get(later).prefix()),
                        table.get(later).prefix() + " would never be reached behind " + table.get(i).prefix());
            }
        }
    }

    /**
     * Adding a service is one entry in the route table and one line in the launcher's list: the launcher starts what
     * the table routes to, and gives the gateway its address.
     */
    @Test
    void theLauncherStartsEveryServiceTheTableRoutesTo() throws IOException {
        String launcher = Files.readString(Path.of("..", "dnevnik"));
        Matcher entries = Pattern.compile("\"([a-z-]+)-service:(\\d+):(dnevnik_[a-z_]+)\"").matcher(launcher);
        Set<String> launched = new LinkedHashSet<>();
        while (entries.find()) {
            launched.add(entries.group(1));
        }
        assertEquals(Route.services(), launched);
    }

    private static String service(String path) {
        return Route.forPath(path).map(route -> route.forwarded() ? route.service() : "the gateway").orElse("no route");
    }

    private static String group(HttpMethod method, String path) {
        return Route.forPath(path).orElseThrow().rateLimitGroup(method);
    }
}
