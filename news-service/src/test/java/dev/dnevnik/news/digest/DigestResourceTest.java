package dev.dnevnik.news.digest;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dnevnik.news.digest.ChatCompletionsStub.answers;
import static dev.dnevnik.news.digest.ChatCompletionsStub.apiError;
import static dev.dnevnik.news.digest.ChatCompletionsStub.completion;
import static dev.dnevnik.news.digest.ChatCompletionsStub.held;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.news.NewsTestData;
import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.HeldResponses;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Digests as jobs through the API: 202 at once, written by the chat model (the request it got checked) or the
 * extractive summariser when the model fails, progress over SSE (order, Last-Event-ID, a late client), idempotency,
 * validation and ownership.
 */
@QuarkusTest
@NewsTestResources
class DigestResourceTest {

    @Inject
    Pool db;

    private final UUID me = UUID.randomUUID();
    private final String token = TestTokens.user(me);
    private UUID phone;
    private UUID model;

    @BeforeEach
    void seed() {
        ChatCompletionsStub.reset();
        NewsTestData.clean(db);
        UUID tech = NewsTestData.feed(db, "technology", "en");
        UUID sport = NewsTestData.feed(db, "sports", "en");
        Instant now = Instant.now();
        phone = NewsTestData.item(db, tech, "gadgets", "A folding phone ships",
                "The maker says the hinge survives two hundred thousand folds. Reviewers liked the screen.",
                now.minusSeconds(600));
        model = NewsTestData.item(db, tech, "ai", "An open model tops the charts",
                "The model beats larger rivals on reasoning tests. Its weights are free to download.",
                now.minusSeconds(300));
        NewsTestData.item(db, sport, "football", "A late goal", "The home side won in the last minute.", now);
    }

    @Test
    void acceptsAtOnceAndTheModelWritesTheDigest() {
        answers(completion("- A phone that folds [1].\n- An open model leads [2]. See https://evil.example/x"));

        Response accepted = create("{\"categories\":[\"technology\"],\"limit\":5,\"style\":\"bullets\","
                + "\"tone\":\"friendly\",\"length\":\"short\",\"language\":\"en\"}", null);
        accepted.then().statusCode(202).header("Location", containsString("/digests/"))
                .body("status", equalTo("queued")).body("options.categories", contains("technology"));
        String id = accepted.path("id");
        assertEquals("succeeded", NewsTestData.awaitJob(db, UUID.fromString(id)));

        given().auth().oauth2(token).get(accepted.header("Location")).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("engine", equalTo(ChatCompletionsStub.MODEL))
                .body("content", containsString("A phone that folds")).body("content", not(containsString("evil.example")))
                .body("items.newsId", hasItem(phone.toString())).body("items.newsId", hasItem(model.toString()))
                .body("completedAt", org.hamcrest.Matchers.notNullValue());
        LoggedRequest sent = ChatCompletionsStub.server().findAll(postRequestedFor(urlEqualTo(ChatCompletionsStub.PATH))).get(0);
        JsonObject body = new JsonObject(sent.getBodyAsString());
        assertEquals(ChatCompletionsStub.MODEL, body.getString("model"));
        String prompt = body.getJsonArray("messages").encode();
        assertTrue(prompt.contains("A folding phone ships") && prompt.contains("An open model tops the charts"), prompt);
        assertTrue(!prompt.contains("A late goal"), "only the chosen categories: " + prompt);
        assertTrue(sent.getHeader("Authorization").equals("Bearer " + ChatCompletionsStub.KEY));
    }

    @Test
    void fallsBackToTheExtractiveSummariserWhenTheModelFails() {
        answers(apiError(500, "The server had an error", "server_error", null));

        String id = create("{\"categories\":[\"technology\"],\"language\":\"en\"}", null).then().statusCode(202)
                .extract().path("id");
        assertEquals("succeeded", NewsTestData.awaitJob(db, UUID.fromString(id)));

        given().auth().oauth2(token).get("/digests/" + id).then().statusCode(200)
                .body("engine", equalTo("extractive")).body("content", containsString("[1]"))
                .body("items.newsId", hasItem(model.toString()));
        assertTrue(ChatCompletionsStub.calls() >= 2, "retried before falling back");
    }

    @Test
    void streamsProgressInOrderAndResumesAfterLastEventId() throws Exception {
        held().hold();
        answers(completion("An open model now tops the reasoning charts [1].").withTransformers(HeldResponses.NAME));
        String id = create("{\"categories\":[\"ai\"],\"language\":\"en\"}", null).then().statusCode(202).extract().path("id");

        // a client following the digest live, while the model has not answered yet
        CompletableFuture<String> live = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                .accept("text/event-stream").get("/digests/" + id + "/events").then().statusCode(200).extract().asString());
        held().awaitWaiting(1, Duration.ofSeconds(10));
        held().release();
        String stream = live.get(20, java.util.concurrent.TimeUnit.SECONDS);

        List<String[]> events = events(stream);
        assertEquals(List.of("queued", "running", "progress", "progress", "succeeded"),
                events.stream().map(event -> event[1]).toList());
        assertEquals(List.of("1", "2", "3", "4", "5"), events.stream().map(event -> event[0]).toList());
        JsonObject digest = new JsonObject(events.get(4)[2]);
        assertEquals("succeeded", digest.getString("status"));
        assertEquals(ChatCompletionsStub.MODEL, digest.getString("engine"));

        // a client coming back after the end: what it missed, ending with the final event
        String resumed = given().auth().oauth2(token).header("Last-Event-ID", "3").accept("text/event-stream")
                .get("/digests/" + id + "/events").then().statusCode(200).extract().asString();
        assertEquals(List.of("4", "5"), events(resumed).stream().map(event -> event[0]).toList());
        given().auth().oauth2(token).header("Last-Event-ID", "soon").get("/digests/" + id + "/events").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anotherUsersDigestIsNotFound() {
        answers(completion("Digest [1]."));
        String id = create("{\"categories\":[\"ai\"]}", null).then().statusCode(202).extract().path("id");
        NewsTestData.awaitJob(db, UUID.fromString(id));
        String stranger = TestTokens.user(UUID.randomUUID());

        given().auth().oauth2(stranger).get("/digests/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(stranger).get("/digests/" + id + "/events").then().statusCode(404);
        given().auth().oauth2(stranger).get("/digests/latest").then().statusCode(404);
        given().auth().oauth2(stranger).get("/digests").then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(token).get("/digests/latest").then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(token).get("/digests").then().statusCode(200).body("items.id", contains(id));
    }

    @Test
    void anIdempotencyKeyCreatesOneDigest() {
        answers(completion("Digest [1]."));
        String body = "{\"categories\":[\"ai\"],\"language\":\"uk\"}";

        Response first = create(body, "digest-key-1");
        Response replay = create(body, "digest-key-1");

        first.then().statusCode(202);
        replay.then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first.path("id")));
        assertEquals(1, NewsTestData.count(db, "SELECT count(*) FROM digests"));
        create("{\"categories\":[\"world\"]}", "digest-key-1").then().statusCode(422);
    }

    @Test
    void defaultsToTheSubscriptionsAndTheClientsLanguage() {
        answers(completion("Дайджест [1]."));
        given().auth().oauth2(token).put("/subscriptions/sports").then().statusCode(200);

        given().auth().oauth2(token).contentType("application/json").header("Accept-Language", "uk-UA,uk;q=0.9,en;q=0.5")
                .body("{}").post("/digests").then().statusCode(202)
                .body("options.categories", contains("sports")).body("options.language", equalTo("uk"))
                .body("options.style", equalTo("brief")).body("options.limit", equalTo(10));
    }

    @Test
    void refusesBadOptionsAndCreatesNothing() {
        create("{\"limit\":0}", null).then().statusCode(400).contentType("application/problem+json");
        create("{\"style\":\"poetic\"}", null).then().statusCode(400);
        create("{\"categories\":[\"ai\",\"astrology\"]}", null).then().statusCode(400)
                .body("errors.field", contains("categories[1]"));
        create("{\"since\":\"2999-01-01T00:00:00Z\"}", null).then().statusCode(400).body("errors.field", contains("since"));
        assertEquals(0, NewsTestData.count(db, "SELECT count(*) FROM digests"));
        assertEquals(0, NewsTestData.count(db, "SELECT count(*) FROM jobs"));
    }

    private Response create(String body, String idempotencyKey) {
        var request = given().auth().oauth2(token).contentType("application/json").body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/digests");
    }

    /** The (id, event, data) of each event of an SSE stream. */
    private static List<String[]> events(String stream) {
        List<String[]> events = new ArrayList<>();
        Matcher event = Pattern.compile("id:\\s?(\\d+)\\nevent:\\s?(\\w+)\\ndata:\\s?(.*)\\n").matcher(stream);
        while (event.find()) {
            events.add(new String[] { event.group(1), event.group(2), event.group(3) });
        }
        return events;
    }
}
