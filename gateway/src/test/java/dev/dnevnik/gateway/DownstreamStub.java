package dev.dnevnik.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.testing.HeldResponses;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock standing in for the services behind the gateway when a test is about the gateway's own behaviour
 * (forwarding, retries, circuits, the voice-entry steps, the dashboard's degraded parts). The services' paths
 * (/entries, /transcriptions, /news, /digests) are distinct, so one server plays them all. It plays diary-service
 * and transcription-service unless init arg {@code services} names others (e.g. {@code diary,transcription,news});
 * the rest stay undeployed.
 */
public class DownstreamStub implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICES_ARG = "services";

    private static WireMockServer server;
    private static final HeldResponses HELD = new HeldResponses();

    private List<String> services = List.of("diary", "transcription");

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
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey(SERVICES_ARG)) {
            services = Arrays.stream(initArgs.get(SERVICES_ARG).split(",")).map(String::strip).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40).extensions(HELD));
        server.start();
        String base = "http://localhost:" + server.port();
        return services.stream().collect(Collectors.toMap(
                service -> "dnevnik.gateway.services." + service + ".url", service -> base));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
