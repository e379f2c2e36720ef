package dev.dnevnik.gateway.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.dnevnik.gateway.DownstreamStub.held;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static dev.dnevnik.gateway.GatewayTestSupport.asAdmin;
import static dev.dnevnik.gateway.GatewayTestSupport.withToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * The dashboard's operators-only part (the latest sync runs) with sync-service deployed, WireMock standing in for it
 * (and for the other services): fetched for operators only, in parallel with the other parts under sync-service's
 * guard, and degraded like any part when it fails, is slow or has its circuit open. {@link DashboardTest} has
 * sync-service undeployed.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(value = DownstreamStub.class,
        initArgs = @ResourceArg(name = DownstreamStub.SERVICES_ARG, value = "diary,transcription,news,sync"))
class DashboardSyncTest {

    private static final String STATS = "{\"totalEntries\":12,\"totalWords\":3400,\"currentStreak\":4,\"days\":[]}";
    private static final String TRANSCRIPTIONS = "{\"days\":7,\"transcripts\":5,\"audioSeconds\":312.5}";
    private static final String NEWS_STATS = "{\"date\":\"2026-11-24\",\"timeZone\":\"UTC\",\"subscribedOnly\":false,"
            + "\"total\":3,\"categories\":[]}";
    private static final String DIGEST = "{\"id\":\"0193f1d2-7c1a-7b7e-9d3c-2a1b0c9d8e7f\",\"status\":\"succeeded\"}";
    private static final String RUNS = """
            {"items":[
              {"id":"0193f1d2-1111-7000-8000-000000000002","sourceId":"0193f1d2-aaaa-7000-8000-000000000001",
               "sourceName":"Partner catalogue","status":"running","createdAt":"2026-11-24T06:10:00Z",
               "startedAt":"2026-11-24T06:10:01Z","finishedAt":null,
               "stats":{"total":500,"pages":5,"pagesDone":2,"items":200,"retries":1,"added":12,"updated":3,
                        "unchanged":185,"deleted":0,"durationMs":4000,"itemsPerSecond":50.0},"failure":null},
              {"id":"0193f1d2-1111-7000-8000-000000000001","sourceId":"0193f1d2-aaaa-7000-8000-000000000001",
               "sourceName":"Partner catalogue","status":"failed","createdAt":"2026-11-24T06:00:00Z",
               "startedAt":"2026-11-24T06:00:01Z","finishedAt":"2026-11-24T06:00:09Z",
               "stats":{"total":500,"pages":5,"pagesDone":1,"items":100,"retries":3,"added":0,"updated":0,
                        "unchanged":100,"deleted":0,"durationMs":8000,"itemsPerSecond":12.5},
               "failure":"the partner answered 503 three times"}],
             "nextCursor":"eyJjIjoiMjAyNi0xMS0yNFQwNjowMDowMFoifQ",
             "next":"/api/sync/runs?limit=5&cursor=eyJjIjoiMjAyNi0xMS0yNFQwNjowMDowMFoifQ"}""";
    private static final String SERVER_ERROR = "{\"type\":\"about:blank\",\"status\":500}";

    @BeforeEach
    void reset() {
        DownstreamStub.reset();
    }

    private static void answer(String path, ResponseDefinitionBuilder response) {
        server().stubFor(get(urlPathEqualTo(path)).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder problem(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json").withBody(body);
    }

    /** diary-service, transcription-service and news-service answer at once. */
    private static void otherServicesAnswer() {
        answer("/entries/stats", json(STATS));
        answer("/transcriptions/stats", json(TRANSCRIPTIONS));
        answer("/news/stats", json(NEWS_STATS));
        answer("/digests/latest", json(DIGEST));
    }

    private static int syncCalls() {
        return server().findAll(getRequestedFor(urlPathMatching("/sync.*"))).size();
    }

    private static Response dashboardAsOperator(UUID operator) {
        return asAdmin(operator).get("/api/dashboard");
    }

    /** The parts of the other services arrived whole. */
    private static ValidatableResponse withTheOtherPartsIntact(ValidatableResponse dashboard) {
        return dashboard
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("newsToday.total", org.hamcrest.Matchers.equalTo(3))
                .body("latestDigest.status", org.hamcrest.Matchers.equalTo("succeeded"));
    }

    @Test
    void anOperatorGetsTheLatestSyncRunsFetchedInParallelWithTheOtherParts() {
        held().hold();
        for (String path : List.of("/entries/stats", "/transcriptions/stats", "/news/stats", "/digests/latest",
                "/sync/runs")) {
            String body = switch (path) {
                case "/entries/stats" -> STATS;
                case "/transcriptions/stats" -> TRANSCRIPTIONS;
                case "/news/stats" -> NEWS_STATS;
                case "/digests/latest" -> DIGEST;
                default -> RUNS;
            };
            server().stubFor(get(urlPathEqualTo(path)).willReturn(json(body).withTransformers(HeldResponses.NAME)));
        }
        String token = TestTokens.admin(UUID.randomUUID());
        CompletableFuture<Response> dashboard = CompletableFuture.supplyAsync(() -> withToken(token)
                .header("X-Request-Id", "dashboard-sync-1").get("/api/dashboard"));
        // all five parts are asked for before any has answered: they are fetched in parallel
        held().awaitWaiting(5, Duration.ofSeconds(10));
        held().release();

        withTheOtherPartsIntact(dashboard.join().then().statusCode(200))
                .body("degraded", empty())
                // the page's items, as sync-service gave them; not its cursor
                .body("syncRuns", hasSize(2))
                .body("syncRuns.status", contains("running", "failed"))
                .body("syncRuns[0].sourceName", org.hamcrest.Matchers.equalTo("Partner catalogue"))
                .body("syncRuns[0].finishedAt", nullValue())
                .body("syncRuns[0]", hasKey("failure"))
                .body("syncRuns[0].stats.pagesDone", org.hamcrest.Matchers.equalTo(2))
                .body("syncRuns[0].stats.itemsPerSecond", org.hamcrest.Matchers.equalTo(50.0f))
                .body("syncRuns[1].failure", org.hamcrest.Matchers.equalTo("the partner answered 503 three times"))
                .body("syncRuns[1].stats.durationMs", org.hamcrest.Matchers.equalTo(8000))
                .body("$", not(hasKey("nextCursor")));

        server().verify(1, getRequestedFor(urlPathEqualTo("/sync/runs"))
                .withQueryParam("limit", equalTo("5"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("X-Request-Id", equalTo("dashboard-sync-1")));
        assertEquals(1, syncCalls());
    }

    @Test
    void noRunsYetIsAnEmptyListAndNotADegradedPart() {
        otherServicesAnswer();
        answer("/sync/runs", json("{\"items\":[],\"nextCursor\":null,\"next\":null}"));

        withTheOtherPartsIntact(dashboardAsOperator(UUID.randomUUID()).then().statusCode(200))
                .body("syncRuns", empty())
                .body("degraded", empty());
    }

    @Test
    void aUserGetsNoSyncPartAndSyncServiceIsNotAsked() {
        otherServicesAnswer();
        answer("/sync/runs", json(RUNS));

        withTheOtherPartsIntact(as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200))
                .body("$", not(hasKey("syncRuns")))
                .body("degraded", empty());
        assertEquals(0, syncCalls(), "sync-service is not asked on behalf of a user");
    }

    @Test
    void aFailingSyncServiceDegradesItsPartAndTheRestStillArrives() {
        otherServicesAnswer();
        answer("/sync/runs", problem(500, SERVER_ERROR));

        withTheOtherPartsIntact(dashboardAsOperator(UUID.randomUUID()).then().statusCode(200))
                .body("$", not(hasKey("syncRuns")))
                .body("degraded.part", contains("syncRuns"))
                .body("degraded[0].reason", org.hamcrest.Matchers.equalTo("sync-service answered 500"));
        // a read is retried after a server error (test profile: 2 retries)
        server().verify(3, getRequestedFor(urlPathEqualTo("/sync/runs")));
    }

    @Test
    void anAnswerWithoutRunsDegradesThePartWithoutRetrying() {
        otherServicesAnswer();
        answer("/sync/runs", json("{\"runs\":[]}"));

        withTheOtherPartsIntact(dashboardAsOperator(UUID.randomUUID()).then().statusCode(200))
                .body("degraded.part", contains("syncRuns"))
                .body("degraded[0].reason",
                        org.hamcrest.Matchers.equalTo("sync-service answered without a list of runs"));
        // sync-service did answer: nothing to retry
        server().verify(1, getRequestedFor(urlPathEqualTo("/sync/runs")));
    }

    @Test
    void aSlowSyncServiceIsCutAtThePartsDeadline() {
        otherServicesAnswer();
        held().hold();
        server().stubFor(get(urlPathEqualTo("/sync/runs")).willReturn(json(RUNS).withTransformers(HeldResponses.NAME)));

        withTheOtherPartsIntact(dashboardAsOperator(UUID.randomUUID()).then().statusCode(200))
                .body("$", not(hasKey("syncRuns")))
                .body("degraded.part", contains("syncRuns"))
                .body("degraded[0].reason", org.hamcrest.Matchers.equalTo("sync-service did not answer in time"));
        assertTrue(held().waiting() >= 1, "sync-service has not answered yet: the part's deadline cut it");
    }

    @Test
    void anOpenCircuitLeavesTheSyncPartOutWithoutCallingSyncService() {
        otherServicesAnswer();
        answer("/sync/runs", problem(502, SERVER_ERROR));
        UUID operator = UUID.randomUUID();
        // one read per dashboard, tried 3 times: two dashboards make the 6 failed attempts that open the circuit
        for (int i = 0; i < 2; i++) {
            dashboardAsOperator(operator).then().statusCode(200)
                    .body("degraded.find { it.part == 'syncRuns' }.reason", containsString("sync-service"));
        }
        int callsBefore = syncCalls();

        withTheOtherPartsIntact(dashboardAsOperator(operator).then().statusCode(200))
                .body("$", not(hasKey("syncRuns")))
                .body("degraded.part", contains("syncRuns"))
                .body("degraded[0].reason",
                        org.hamcrest.Matchers.equalTo("sync-service is failing and is given a rest; retry in 30 s"));
        assertEquals(callsBefore, syncCalls(), "an open circuit calls nobody");
        given().get("/q/metrics").then()
                .body(containsString("dnevnik_gateway_circuit_state{service=\"sync\"} 2.0"));
        // the routes to sync-service share the guard: they are answered for at once too
        asAdmin(operator).get("/api/sync/runs").then().statusCode(503).header("Retry-After", "30")
                .body("detail", containsString("sync-service is failing"));
        assertEquals(callsBefore, syncCalls());
    }
}
