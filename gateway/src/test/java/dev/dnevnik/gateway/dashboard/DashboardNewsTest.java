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
import static dev.dnevnik.gateway.GatewayTestSupport.withToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The dashboard's news parts (today's news counts, the latest digest) with news-service deployed, WireMock standing in
 * for it: fetched in parallel with the other parts under news-service's guard, and degraded like any part when it
 * fails, is slow or has its circuit open — except that "no digest yet" is an answer, not a failure.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(value = DownstreamStub.class,
        initArgs = @ResourceArg(name = DownstreamStub.SERVICES_ARG, value = "diary,transcription,news"))
class DashboardNewsTest {

    private static final String STATS = "{\"totalEntries\":12,\"totalWords\":3400,\"currentStreak\":4,\"days\":[]}";
    private static final String TRANSCRIPTIONS = "{\"days\":7,\"transcripts\":5,\"audioSeconds\":312.5}";
    private static final String NEWS_STATS = """
            {"date":"2026-11-24","timeZone":"Europe/Kyiv","subscribedOnly":true,"total":12,"categories":[
              {"category":"technology","name":{"en":"Technology","ru":"Технологии","uk":"Технології"},"count":7},
              {"category":"science","name":{"en":"Science","ru":"Наука","uk":"Наука"},"count":5}]}""";
    private static final String DIGEST = """
            {"id":"0193f1d2-7c1a-7b7e-9d3c-2a1b0c9d8e7f","status":"succeeded","options":{"categories":["technology"]},
             "engine":"extractive","content":"Today in technology: [1]","items":[{"number":1,
             "newsId":"0193f1d2-0000-7000-8000-000000000001","title":"A chip","link":"https://example.org/chip"}],
             "failure":null,"createdAt":"2026-11-24T06:00:00Z","completedAt":"2026-11-24T06:00:04Z"}""";
    private static final String NO_DIGEST = "{\"type\":\"https://dnevnik.dev/problems/not-found\",\"title\":"
            + "\"Not found\",\"status\":404,\"detail\":\"You have no digest yet\"}";
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

    /** diary-service and transcription-service answer at once. */
    private static void otherServicesAnswer() {
        answer("/entries/stats", json(STATS));
        answer("/transcriptions/stats", json(TRANSCRIPTIONS));
    }

    private static int newsCalls() {
        return server().findAll(getRequestedFor(urlPathMatching("/(news|digests).*"))).size();
    }

    @Test
    void gathersTheNewsPartsInParallelWithTheOthersAndSendsTheCallersZoneAndIdentity() {
        held().hold();
        for (String path : List.of("/entries/stats", "/transcriptions/stats", "/news/stats", "/digests/latest")) {
            MappingBuilder stub = get(urlPathEqualTo(path));
            String body = switch (path) {
                case "/entries/stats" -> STATS;
                case "/transcriptions/stats" -> TRANSCRIPTIONS;
                case "/news/stats" -> NEWS_STATS;
                default -> DIGEST;
            };
            server().stubFor(stub.willReturn(json(body).withTransformers(HeldResponses.NAME)));
        }
        String token = TestTokens.user(UUID.randomUUID());
        LocalDate kyivToday = LocalDate.now(ZoneId.of("Europe/Kyiv"));
        CompletableFuture<Response> dashboard = CompletableFuture.supplyAsync(() -> withToken(token)
                .header("Time-Zone", "Europe/Kyiv").header("X-Request-Id", "dashboard-news-1").get("/api/dashboard"));
        // all four parts are asked for before any has answered: they are fetched in parallel
        held().awaitWaiting(4, Duration.ofSeconds(10));
        held().release();

        dashboard.join().then().statusCode(200)
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5))
                .body("newsToday.total", org.hamcrest.Matchers.equalTo(12))
                .body("newsToday.subscribedOnly", org.hamcrest.Matchers.equalTo(true))
                .body("newsToday.categories.category", org.hamcrest.Matchers.contains("technology", "science"))
                .body("newsToday.categories[0].name.uk", org.hamcrest.Matchers.equalTo("Технології"))
                .body("newsToday.categories[0].count", org.hamcrest.Matchers.equalTo(7))
                .body("latestDigest.status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("latestDigest.engine", org.hamcrest.Matchers.equalTo("extractive"))
                .body("latestDigest.items[0].link", org.hamcrest.Matchers.equalTo("https://example.org/chip"))
                .body("latestDigest", hasKey("failure"))
                .body("degraded", empty())
                .body("$", not(hasKey("syncRuns")));

        List<LoggedRequest> stats = server().findAll(getRequestedFor(urlPathEqualTo("/news/stats")));
        assertEquals(1, stats.size());
        // "today" in Kyiv as the gateway saw it: the day before the answer or after it (a run across midnight)
        String date = stats.get(0).queryParameter("date").firstValue();
        assertTrue(date.equals(kyivToday.toString())
                || date.equals(LocalDate.now(ZoneId.of("Europe/Kyiv")).toString()), date);
        server().verify(1, getRequestedFor(urlPathEqualTo("/news/stats"))
                .withHeader("Time-Zone", equalTo("Europe/Kyiv"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("X-Request-Id", equalTo("dashboard-news-1")));
        server().verify(1, getRequestedFor(urlPathEqualTo("/digests/latest"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("X-Request-Id", equalTo("dashboard-news-1")));
    }

    @Test
    void todayIsUtcWithoutATimeZone() {
        otherServicesAnswer();
        answer("/news/stats", json(NEWS_STATS));
        answer("/digests/latest", json(DIGEST));
        LocalDate utcToday = LocalDate.now(ZoneId.of("UTC"));

        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200).body("degraded", empty());

        LoggedRequest stats = server().findAll(getRequestedFor(urlPathEqualTo("/news/stats"))).get(0);
        assertEquals("UTC", stats.getHeader("Time-Zone"));
        String date = stats.queryParameter("date").firstValue();
        assertTrue(date.equals(utcToday.toString()) || date.equals(LocalDate.now(ZoneId.of("UTC")).toString()), date);
    }

    @Test
    void noDigestYetIsANullDigestAndNotADegradedPart() {
        otherServicesAnswer();
        answer("/news/stats", json(NEWS_STATS));
        answer("/digests/latest", problem(404, NO_DIGEST));

        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("$", hasKey("latestDigest"))
                .body("latestDigest", nullValue())
                .body("newsToday.total", org.hamcrest.Matchers.equalTo(12))
                .body("degraded", empty());
        // an answer, not a failure: not retried
        server().verify(1, getRequestedFor(urlPathEqualTo("/digests/latest")));
    }

    @Test
    void aFailingNewsServiceDegradesItsPartAndTheRestStillArrives() {
        otherServicesAnswer();
        answer("/news/stats", problem(500, SERVER_ERROR));
        answer("/digests/latest", json(DIGEST));

        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("newsToday", nullValue())
                .body("degraded.part", org.hamcrest.Matchers.contains("newsToday"))
                .body("degraded.find { it.part == 'newsToday' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service answered 500"))
                .body("latestDigest.status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5));
        // a read is retried after a server error (test profile: 2 retries)
        server().verify(3, getRequestedFor(urlPathEqualTo("/news/stats")));
    }

    @Test
    void aSlowNewsServiceIsCutAtThePartsDeadline() {
        otherServicesAnswer();
        held().hold();
        server().stubFor(get(urlPathEqualTo("/news/stats"))
                .willReturn(json(NEWS_STATS).withTransformers(HeldResponses.NAME)));
        server().stubFor(get(urlPathEqualTo("/digests/latest"))
                .willReturn(json(DIGEST).withTransformers(HeldResponses.NAME)));

        as(UUID.randomUUID()).get("/api/dashboard").then().statusCode(200)
                .body("newsToday", nullValue())
                .body("latestDigest", nullValue())
                .body("degraded.part", hasItems("newsToday", "latestDigest"))
                .body("degraded.part", not(hasItem("entryStats")))
                .body("degraded.find { it.part == 'newsToday' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service did not answer in time"))
                .body("degraded.find { it.part == 'latestDigest' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service did not answer in time"))
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5));
        assertTrue(held().waiting() >= 1, "news-service has not answered yet: the part's deadline cut it");
    }

    @Test
    void anOpenCircuitLeavesTheNewsPartsOutWithoutCallingNewsService() {
        otherServicesAnswer();
        answer("/news/stats", problem(500, SERVER_ERROR));
        answer("/digests/latest", problem(502, SERVER_ERROR));
        UUID user = UUID.randomUUID();
        // two reads, each tried 3 times: 6 failed attempts open the circuit (test profile)
        as(user).get("/api/dashboard").then().statusCode(200)
                .body("degraded.find { it.part == 'newsToday' }.reason", containsString("news-service"))
                .body("degraded.find { it.part == 'latestDigest' }.reason", containsString("news-service"));
        int callsBefore = newsCalls();

        as(user).get("/api/dashboard").then().statusCode(200)
                .body("newsToday", nullValue())
                .body("latestDigest", nullValue())
                .body("degraded.find { it.part == 'newsToday' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service is failing and is given a rest; retry in 30 s"))
                .body("degraded.find { it.part == 'latestDigest' }.reason",
                        org.hamcrest.Matchers.equalTo("news-service is failing and is given a rest; retry in 30 s"))
                .body("entryStats.currentStreak", org.hamcrest.Matchers.equalTo(4))
                .body("recentTranscriptions.transcripts", org.hamcrest.Matchers.equalTo(5));
        assertEquals(callsBefore, newsCalls(), "an open circuit calls nobody");
        given().get("/q/metrics").then()
                .body(containsString("dnevnik_gateway_circuit_state{service=\"news\"} 2.0"));
        // the routes to news-service share the guard: they are answered for at once too
        as(user).get("/api/news").then().statusCode(503).header("Retry-After", "30")
                .body("detail", containsString("news-service is failing"));
        assertEquals(callsBefore, newsCalls());
    }
}
