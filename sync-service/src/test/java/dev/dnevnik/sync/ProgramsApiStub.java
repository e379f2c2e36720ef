package dev.dnevnik.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** WireMock on loopback standing in for Yelp's partner API (see {@link ProgramsApi}). */
public class ProgramsApiStub implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Before each test: an empty catalogue without faults, and the one stub. */
    public static void reset() {
        ProgramsApi.reset();
        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/programs/v1"))
                .willReturn(aResponse().withStatus(200).withTransformers(ProgramsApi.NAME)));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(80).extensions(new ProgramsApi()));
        server.start();
        reset();
        return Map.of();
    }

    @Override
    public void stop() {
        if (server != null) {
            ProgramsApi.release();
            server.stop();
        }
    }
}
