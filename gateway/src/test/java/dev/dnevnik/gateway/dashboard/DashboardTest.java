package dev.dnevnik.gateway.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static dev.dnevnik.gateway.GatewayTestSupport.asAdmin;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The dashboard is fetched in parallel and answers in time even when a service does not. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class DashboardTest {

    private static final String STATS = "{\"totalEntries\":12,\"totalWords\":3400,\"currentStreak\":4,\"days\":[]}";
    private static final String TRANSCRIPTIONS = "{\"days\":7,\"transcripts\":5,\"audioSeconds\":312.5}";

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        server().resetAll();
        circuitBreakers.resetAll();
    }

    @Test
    void gathersEveryPartAndNamesTheServicesNotDeployed() {
        server().stubFor(get(urlPathEqualTo("/entries/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(STATS).withFixedDelay(700)));
        server().stubFor(get(urlPathEqualTo("/transcriptions/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSCRIPTIONS).withFixedDelay(700)));

        long start = System.nanoTime();
        as(UUID.randomUUID()).header("Time-Zone", "Asia/Tokyo").get("/api/dashboard").then().statusCode(200)
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("newsToday", nullValue())
                .body("degraded.part", hasItems("newsToday", "latestDigest"))
                .body("degraded.part", not(hasItem("entryStats")))
                .body("degraded.part", not(hasItem("syncRuns")))
                .body("$", not(org.hamcrest.Matchers.hasKey("syncRuns")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // one after the other they would take at least 1 400 ms (each part's deadline is 1 s, so 700 ms is in time)
        assertTrue(millis < 1_350, "two 700 ms parts fetched in parallel took " + millis + " ms");

        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
        server().verify(getRequestedFor(urlPathEqualTo("/entries/stats"))
                .withQueryParam("to", equalTo(today))
                .withQueryParam("from", equalTo(LocalDate.parse(today).minusDays(29).toString()))
                .withHeader("Time-Zone", equalTo("Asia/Tokyo")));
        server().verify(getRequestedFor(urlPathEqualTo("/transcriptions/stats")).withQueryParam("days", equalTo("7")));
    }

    @Test
    void aDownOrSlowServiceIsListedAsDegradedAndTheRestStillArrives() {
        server().stubFor(get(urlPathEqualTo("/entries/stats"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server().stubFor(get(urlPathEqualTo("/transcriptions/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSCRIPTIONS)));
        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("entryStats", nullValue())
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("degraded.find { it.part == 'entryStats' }.reason",
                        org.hamcrest.Matchers.containsString("diary-service"));

        server().stubFor(get(urlPathEqualTo("/entries/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(STATS).withFixedDelay(5_000)));
        long start = System.nanoTime();
        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("entryStats", nullValue())
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("degraded.find { it.part == 'entryStats' }.reason",
                        org.hamcrest.Matchers.containsString("did not answer in time"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "a 5 s part must be cut at its 1 s deadline; took " + millis + " ms");
    }

    @Test
    void operatorsAlsoSeeTheSyncPart() {
        server().stubFor(get(urlPathEqualTo("/entries/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(STATS)));
        server().stubFor(get(urlPathEqualTo("/transcriptions/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSCRIPTIONS)));
        asAdmin(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("degraded.part", hasItem("syncRuns"));
        io.restassured.RestAssured.given().get("/api/dashboard").then().statusCode(401);
        as(UUID.randomUUID()).header("Time-Zone", "Mars/Olympus").get("/api/dashboard").then().statusCode(400);
    }
}
