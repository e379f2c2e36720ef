package dev.dnevnik.gateway;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.testing.HeldResponses;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock standing in for diary-service and transcription-service when a test is about the gateway's own behaviour
 * (forwarding, retries, circuits, the voice-entry steps, the dashboard's degraded parts). Both services' paths
 * (/entries, /transcriptions) are distinct, so one server plays both. news-service and sync-service stay undeployed.
 */
public class DownstreamStub implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;
    private static final HeldResponses HELD = new HeldResponses();

    public static WireMockServer server() {
        return server;
    }

    /** The answers of stubs made with {@code .withTransformers(HeldResponses.NAME)} wait until released. */
    public static HeldResponses held() {
        return HELD;
    }

    /**
     * Before each test: lets held answers go (and waits until they are recorded), forgets stubs, scenarios and
     * requests, and closes every circuit the last test may have opened.
     */
    public static void reset() {
        HELD.releaseAndSettle(server);
        server.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40).extensions(HELD));
        server.start();
        String base = "http://localhost:" + server.port();
        return Map.of(
                "dnevnik.gateway.services.diary.url", base,
                "dnevnik.gateway.services.transcription.url", base);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
