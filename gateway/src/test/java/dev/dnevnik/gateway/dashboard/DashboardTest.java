package dev.dnevnik.gateway.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dnevnik.gateway.DownstreamStub.held;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static dev.dnevnik.gateway.GatewayTestSupport.asAdmin;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The dashboard is fetched in parallel and answers in time even when a service does not. news-service is not deployed
 * here; {@link DashboardNewsTest} stands in for it.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class DashboardTest {

    private static final String STATS = "{\"totalEntries\":12,\"totalWords\":3400,\"currentStreak\":4,\"days\":[]}";
    private static final String TRANSCRIPTIONS = "{\"days\":7,\"transcripts\":5,\"audioSeconds\":312.5}";

    @BeforeEach
    void reset() {
        DownstreamStub.reset();
    }

    @Test
    void gathersEveryPartAtOnceAndNamesTheServicesNotDeployed() {
        held().hold();
        server().stubFor(get(urlPathEqualTo("/entries/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(STATS).withTransformers(HeldResponses.NAME)));
        server().stubFor(get(urlPathEqualTo("/transcriptions/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSCRIPTIONS)
                .withTransformers(HeldResponses.NAME)));

        LocalDate tokyoToday = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        CompletableFuture<Response> dashboard = CompletableFuture.supplyAsync(
                () -> as(UUID.randomUUID()).header("Time-Zone", "Asia/Tokyo").get("/api/dashboard"));
        // both parts are asked for before either has answered: they are fetched in parallel
        held().awaitWaiting(2, Duration.ofSeconds(10));
        held().release();

        dashboard.join().then().statusCode(200)
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("newsToday", nullValue())
                .body("degraded.part", hasItems("newsToday", "latestDigest"))
                .body("degraded.find { it.part == 'newsToday' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service is not deployed"))
                .body("degraded.find { it.part == 'latestDigest' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service is not deployed"))
                .body("degraded.part", not(hasItem("entryStats")))
                .body("degraded.part", not(hasItem("syncRuns")))
                .body("$", not(org.hamcrest.Matchers.hasKey("syncRuns")));
        // "today" in Tokyo as the gateway saw it: the day before the answer or after it (a run across midnight)
        String to = server().findAll(getRequestedFor(urlPathEqualTo("/entries/stats"))).get(0).queryParameter("to")
                .firstValue();
        assertTrue(to.equals(tokyoToday.toString()) || to.equals(LocalDate.now(ZoneId.of("Asia/Tokyo")).toString()), to);
        server().verify(getRequestedFor(urlPathEqualTo("/entries/stats"))
                .withQueryParam("from", equalTo(LocalDate.parse(to).minusDays(29).toString()))
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

        held().hold();
        server().stubFor(get(urlPathEqualTo("/entries/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(STATS).withTransformers(HeldResponses.NAME)));
        // the diary's answer is still held when the dashboard answers: the part's deadline cut it
        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("entryStats", nullValue())
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("degraded.find { it.part == 'entryStats' }.reason",
                        org.hamcrest.Matchers.containsString("did not answer in time"));
        assertTrue(held().waiting() >= 1, "the diary has not answered yet");
    }

    @Test
    void operatorsAlsoSeeTheSyncPart() {
        server().stubFor(get(urlPathEqualTo("/entries/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(STATS)));
        server().stubFor(get(urlPathEqualTo("/transcriptions/stats")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSCRIPTIONS)));
        // sync-service is not deployed here: the part is left out, with the reason any undeployed service's part has
        asAdmin(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("$", not(org.hamcrest.Matchers.hasKey("syncRuns")))
                .body("degraded.part", hasItem("syncRuns"))
                .body("degraded.find { it.part == 'syncRuns' }.reason",
                        org.hamcrest.Matchers.equalTo("sync-service is not deployed"))
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5));
        io.restassured.RestAssured.given().get("/api/dashboard").then().statusCode(401);
        as(UUID.randomUUID()).header("Time-Zone", "Mars/Olympus").get("/api/dashboard").then().statusCode(400);
    }
}
