package dev.dnevnik.sync;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the {@code %test.} profile of application.properties sets, for a packaged service run in the production
 * profile by {@code @QuarkusIntegrationTest}: short job leases and polling (cancelled and ended runs are seen at once)
 * and no scheduler (runs start only when a test starts them).
 *
 * <p>
 * The Yelp stand-in's credentials cannot come from here: sources name environment variables and the production
 * {@code EnvironmentSecrets} reads {@code System.getenv} only, while these values reach the service as system
 * properties. They are given as {@code quarkus.test.env.*} in src/test/resources/META-INF/microprofile-config.properties,
 * which the integration-test launcher sets as the launched process's environment.
 */
public class SyncItSettings implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "dnevnik.jobs.lease", "3s",
                "dnevnik.jobs.poll-interval", "500ms",
                "dnevnik.sync.schedule-every", "off");
    }

    @Override
    public void stop() {
        // nothing to release
    }
}
