package dev.dnevnik.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dnevnik.gateway.DownstreamStub.held;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static dev.dnevnik.gateway.GatewayTestSupport.asAdmin;
import static dev.dnevnik.gateway.GatewayTestSupport.withToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.UUID;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** /api/<resource> reaches the owning service with the caller's headers, and its answers come back as given. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class RoutingTest {

    private static final String ENTRY = """
            {"id":"0193f1d2-0000-7000-8000-000000000001","body":"Гуляли в парке","source":"text","version":1}""";

    @TestHTTPResource("/")
    java.net.URL gateway;

    @BeforeEach
    void reset() {
        DownstreamStub.reset();
    }

    @Test
    void forwardsTheCallersRequestAndRewritesLinksToPublicPaths() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(user);
        server().stubFor(post("/entries").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withHeader("Location", "http://localhost:" + server().port() + "/entries/0193f1d2")
                .withHeader("ETag", "\"1\"")
                .withBody(ENTRY)));
        server().stubFor(get(urlPathEqualTo("/entries")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Link", "</entries?limit=2&cursor=abc>; rel=\"next\"")
                .withBody("{\"items\":[]}")));

        withToken(token).header("Idempotency-Key", "k-1").header("X-Request-Id", "req-routing-1")
                .header("Time-Zone", "Europe/Kyiv").header("Cookie", "session=never-forwarded")
                .contentType("application/json").body("{\"body\":\"Гуляли в парке\"}")
                .post("/api/entries")
                .then().statusCode(201)
                .header("Location", "/api/entries/0193f1d2")
                .header("ETag", "\"1\"")
                .header("X-Request-Id", "req-routing-1")
                .body("body", org.hamcrest.Matchers.equalTo("Гуляли в парке"));
        withToken(token).get("/api/entries?limit=2").then().statusCode(200)
                .header("Link", "</api/entries?limit=2&cursor=abc>; rel=\"next\"");

        server().verify(postRequestedFor(urlEqualTo("/entries"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Idempotency-Key", equalTo("k-1"))
                .withHeader("X-Request-Id", equalTo("req-routing-1"))
                .withHeader("Time-Zone", equalTo("Europe/Kyiv"))
                .withHeader("X-Forwarded-Prefix", equalTo("/api"))
                .withoutHeader("Cookie")
                .withRequestBody(equalToJson("{\"body\":\"Гуляли в парке\"}")));
        server().verify(getRequestedFor(urlEqualTo("/entries?limit=2")));
    }

    @Test
    void passesTheServicesProblemAnswersThrough() {
        String problem = """
                {"type":"https://dnevnik.dev/problems/not-found","title":"Not found","status":404,"detail":"No entry x"}""";
        server().stubFor(get("/entries/x").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody(problem)));

        String body = as(UUID.randomUUID()).get("/api/entries/x").then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        assertEquals(problem, body);
    }

    @Test
    void refusesMissingForgedAndExpiredTokensWithoutBotheringTheService() {
        UUID user = UUID.randomUUID();
        given().get("/api/entries").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        withToken(TestTokens.forged(user)).get("/api/entries").then().statusCode(401)
                .contentType("application/problem+json");
        withToken(TestTokens.expired(user)).get("/api/entries").then().statusCode(401);
        withToken(TestTokens.withIssuer(user, "urn:someone-else")).get("/api/entries").then().statusCode(401);
        withToken(TestTokens.withSubject("not-a-uuid")).get("/api/transcriptions").then().statusCode(401);
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/entries").then().statusCode(401);
        assertEquals(0, server().findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void syncIsForOperatorsOnlyAndUndeployedServicesAnswer503() {
        given().get("/api/sync/runs").then().statusCode(401);
        as(UUID.randomUUID()).get("/api/sync/runs").then().statusCode(403)
                .contentType("application/problem+json");
        asAdmin(UUID.randomUUID()).get("/api/sync/runs").then().statusCode(503)
                .body("detail", containsString("sync-service"));
        as(UUID.randomUUID()).get("/api/news").then().statusCode(503)
                .header("Retry-After", notNullValue())
                .body("detail", containsString("news-service"));
        as(UUID.randomUUID()).get("/api/digests/42/events").then().statusCode(503);
    }

    @Test
    void retriesIdempotentRequestsAfterAServerErrorButNotPlainPosts() {
        server().stubFor(get("/entries/flaky").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        server().stubFor(get("/entries/flaky").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(ENTRY)));
        server().stubFor(post("/entries").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":500}")));
        UUID user = UUID.randomUUID();

        as(user).get("/api/entries/flaky").then().statusCode(200);
        server().verify(2, getRequestedFor(urlEqualTo("/entries/flaky")));

        as(user).contentType("application/json").body("{\"body\":\"x\"}").post("/api/entries")
                .then().statusCode(500).contentType("application/problem+json");
        server().verify(1, postRequestedFor(urlEqualTo("/entries")));

        // with an Idempotency-Key a POST is safe to repeat
        as(user).header("Idempotency-Key", "retry-me").contentType("application/json").body("{\"body\":\"x\"}")
                .post("/api/entries").then().statusCode(500);
        server().verify(1 + 3, postRequestedFor(urlEqualTo("/entries")));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIs504() {
        held().hold();
        server().stubFor(post("/entries").willReturn(aResponse().withStatus(201).withTransformers(HeldResponses.NAME)));

        as(UUID.randomUUID()).contentType("application/json").body("{\"body\":\"x\"}").post("/api/entries")
                .then().statusCode(504).contentType("application/problem+json")
                .body("detail", containsString("diary-service"));

        assertEquals(1, held().waiting(), "the service has still not answered: the gateway's timeout ended the call");
    }

    @ParameterizedTest(name = "{0} answered {1}: {2} attempts")
    @CsvSource({ "GET, 500, 3", "PUT, 502, 3", "DELETE, 504, 3", "GET, 503, 1", "PUT, 503, 1", "GET, 404, 1",
            "PUT, 400, 1", "DELETE, 409, 1", "POST, 500, 1" })
    void retriesOnlyRequestsThatAreSafeToRepeatAndOnlyAfterTheServiceFailed(String method, int status, int attempts) {
        server().stubFor(request(method, urlPathEqualTo("/entries/e1")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":" + status + "}")));

        as(UUID.randomUUID()).contentType("application/json").body("{\"body\":\"x\"}").request(method, "/api/entries/e1")
                .then().statusCode(status).contentType("application/problem+json");

        assertEquals(attempts, server().findAll(anyRequestedFor(urlPathEqualTo("/entries/e1"))).size());
    }

    @Test
    void aFailingServiceOpensItsCircuitAndIsThenAnsweredForAtOnce() {
        server().stubFor(get(urlPathEqualTo("/entries")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        UUID user = UUID.randomUUID();
        // each GET is tried 3 times; 6 failed attempts open the circuit (test profile)
        as(user).get("/api/entries").then().statusCode(503);
        as(user).get("/api/entries").then().statusCode(503);
        int callsBefore = server().findAll(anyRequestedFor(urlPathMatching("/entries.*"))).size();

        as(user).get("/api/entries").then().statusCode(503)
                .header("Retry-After", "30")
                .body("detail", containsString("diary-service is failing"));
        // the gateway's own calls to the service go through the same guard: the dashboard does not call it either
        as(user).get("/api/dashboard").then().statusCode(200).body("entryStats", org.hamcrest.Matchers.nullValue())
                .body("degraded.find { it.part == 'entryStats' }.reason", containsString("diary-service is failing"));
        assertEquals(callsBefore, server().findAll(anyRequestedFor(urlPathMatching("/entries.*"))).size(),
                "an open circuit calls nobody");
        given().get("/q/metrics").then().body(containsString("dnevnik_gateway_circuit_state{service=\"diary\"} 2.0"));
        // the other service has its own circuit
        server().stubFor(get(urlPathEqualTo("/transcriptions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
        as(user).get("/api/transcriptions").then().statusCode(200);
    }

    @Test
    void streamsALargeUploadToTheServiceAndPassesEventStreamsThrough() {
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"t1\"}")));
        byte[] audio = new byte[3 * 1024 * 1024];
        Arrays.fill(audio, (byte) 7);
        as(UUID.randomUUID()).multiPart("file", "note.ogg", audio, "audio/ogg").post("/api/transcriptions")
                .then().statusCode(201);
        LoggedRequest upload = server().findAll(postRequestedFor(urlEqualTo("/transcriptions"))).get(0);
        assertTrue(upload.getBody().length > audio.length, "the whole multipart body arrived");
        assertTrue(upload.getHeader("Content-Type").startsWith("multipart/form-data; boundary="));

        server().stubFor(get("/transcriptions/t1/events").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("event: progress\ndata: {\"percent\":50}\n\nevent: done\ndata: {}\n\n")));
        String events = as(UUID.randomUUID()).get("/api/transcriptions/t1/events").then().statusCode(200)
                .contentType(containsString("text/event-stream")).extract().asString();
        assertEquals("event: progress\ndata: {\"percent\":50}\n\nevent: done\ndata: {}\n\n", events);
    }

    @Test
    void answersBrowserPreflightsForConfiguredOriginsOnly() {
        given().header("Origin", "https://web.telegram.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,idempotency-key,content-type")
                .options("/api/entries")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://web.telegram.org")
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/entries")
                .then().header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        assertEquals(0, server().findAll(anyRequestedFor(anyUrl())).size(), "preflights never reach a service");
    }

    @Test
    void aRealBrowserRequestMayReadTheHeadersClientsNeed() {
        server().stubFor(get(urlPathEqualTo("/entries")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("ETag", "\"1\"")
                .withHeader("Link", "</entries?cursor=abc>; rel=\"next\"").withBody("{\"items\":[]}")));

        String exposed = as(UUID.randomUUID()).header("Origin", "https://web.telegram.org").get("/api/entries")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://web.telegram.org")
                .extract().header("Access-Control-Expose-Headers");

        for (String header : new String[] { "Location", "ETag", "Link", "RateLimit-Limit", "RateLimit-Remaining",
                "RateLimit-Reset", "Retry-After", "X-Request-Id" }) {
            assertTrue(exposed != null && exposed.contains(header), header + " is not exposed: " + exposed);
        }
    }

    @Test
    void everyAnswerTheGatewayGivesItselfIsAProblem() throws Exception {
        UUID user = UUID.randomUUID();
        as(user).get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json");
        as(user).delete("/api/dashboard").then().statusCode(405).contentType("application/problem+json");
        given().contentType("text/plain").body("alice").post("/api/auth/dev").then().statusCode(415)
                .contentType("application/problem+json");
        // the route table's body limits, below every route too: 16 KB for Telegram sign-in, 1 MB for an entry
        RawHttp.Answer telegram = RawHttp.send(gateway.getHost(), gateway.getPort(),
                "POST /api/auth/telegram HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 20000");
        assertEquals(413, telegram.status());
        assertEquals("application/problem+json", telegram.header("content-type"));
        RawHttp.Answer entry = RawHttp.send(gateway.getHost(), gateway.getPort(),
                "PUT /api/entries/e1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.user(user)
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2000000");
        assertEquals(413, entry.status());
        RawHttp.Answer longLine = RawHttp.send(gateway.getHost(), gateway.getPort(),
                "GET /api/entries?q=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost");
        assertEquals(414, longLine.status());
        assertEquals("application/problem+json", longLine.header("content-type"));
        assertEquals(0, server().findAll(anyRequestedFor(anyUrl())).size(), "none of these reached a service");
    }

    @Test
    void countsRequestsByRouteGroupAndStatus() {
        server().stubFor(get("/entries/m").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(ENTRY)));
        as(UUID.randomUUID()).get("/api/entries/m").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("dnevnik_gateway_requests_seconds_count{route=\"diary\",status=\"200\"}"))
                .body(containsString("dnevnik_gateway_downstream_duration_seconds_count{outcome=\"2xx\",service=\"diary\"}"))
                .body(containsString("dnevnik_gateway_circuit_state{service=\"diary\"}"));
    }
}
