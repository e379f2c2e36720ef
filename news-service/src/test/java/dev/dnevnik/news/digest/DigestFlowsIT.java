package dev.dnevnik.news.digest;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dnevnik.news.digest.ChatCompletionsStub.answers;
import static dev.dnevnik.news.digest.ChatCompletionsStub.apiError;
import static dev.dnevnik.news.digest.ChatCompletionsStub.completion;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.dnevnik.news.Metrics;
import dev.dnevnik.news.NewsItDatabase;
import dev.dnevnik.news.NewsItResources;
import dev.dnevnik.news.SseEvents;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Digests against the packaged news-service: accepted at once as a job (202 and Location), followed over SSE to the
 * end, written by the chat-completions API (WireMock answering as Groq does) with citations, or extractively when the
 * API keeps failing (after its retries); Idempotency-Key replays, validation, and digests private to their owner.
 */
@QuarkusIntegrationTest
@NewsItResources
class DigestFlowsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEMS = "https://dnevnik.dev/problems/";

    private final UUID me = UUID.randomUUID();
    private final String token = TestTokens.user(me);
    private UUID rates;
    private UUID loans;
    private UUID fed;
    private UUID derby;

    @BeforeEach
    void seed() {
        NewsItDatabase.clean();
        ChatCompletionsStub.server().resetAll();
        UUID feed = UUID.randomUUID();
        PostgresTestResource.execute("INSERT INTO feeds (id, url, category, language, next_check_at) "
                + "VALUES (?, ?, 'finance', 'uk', now() + interval '1 year')", feed, "https://feeds.example/" + feed);
        Instant now = Instant.now();
        rates = item(feed, "НБУ зберіг облікову ставку на рівні 15,5%",
                "Національний банк України зберіг облікову ставку на рівні 15,5%. Рішення пояснюють інфляційними "
                        + "ризиками.", now.minusSeconds(300));
        loans = item(feed, "Облікова ставка НБУ: що це означає для кредитів",
                "Збереження облікової ставки НБУ означає, що кредити не подешевшають найближчими місяцями.",
                now.minusSeconds(200));
        fed = item(feed, "Fed holds interest rates steady",
                "The Federal Reserve held interest rates steady on Wednesday. Officials signalled two cuts later "
                        + "this year.", now.minusSeconds(100));
        derby = item(feed, "«Зенит» обыграл «Спартак»", "Решающий гол забит на 89-й минуте.", now, "football");
    }

    @Test
    void aDigestIsAcceptedAtOnceFollowedOverSseAndWrittenByTheModelWithCitations() {
        answers(completion("- ФРС не змінила ставку [1].\n- Кредити в Україні не подешевшають [2]. "
                + "Докладніше: https://evil.example/x"));

        Response accepted = create("{\"categories\":[\"economy\"],\"limit\":2,\"style\":\"bullets\","
                + "\"tone\":\"friendly\",\"length\":\"short\",\"audience\":\"expert\",\"language\":\"uk\"}", null);
        accepted.then().statusCode(202).contentType("application/json")
                .header("Location", containsString("/digests/" + accepted.path("id")))
                .body("status", equalTo("queued")).body("content", nullValue())
                .body("options.categories", contains("economy")).body("options.limit", equalTo(2))
                .body("options.style", equalTo("bullets")).body("options.tone", equalTo("friendly"))
                .body("options.length", equalTo("short")).body("options.audience", equalTo("expert"))
                .body("options.language", equalTo("uk"));
        String location = accepted.header("Location");

        // followed live from the start to the final event, which carries the digest
        SseEvents events = SseEvents.parse(given().auth().oauth2(token).accept("text/event-stream")
                .get(location + "/events").then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString());
        assertEquals(List.of("queued", "running", "progress", "progress", "succeeded"), events.names());
        assertEquals(List.of("1", "2", "3", "4", "5"), events.ids());
        assertEquals(new JsonObject().put("stage", "selected").put("items", 2), new JsonObject(events.events().get(2).data()));
        JsonObject finalEvent = new JsonObject(events.last().data());
        assertEquals("succeeded", finalEvent.getString("status"));
        assertEquals(ChatCompletionsStub.MODEL, finalEvent.getString("engine"));

        JsonPath digest = given().auth().oauth2(token).get(location).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("engine", equalTo(ChatCompletionsStub.MODEL))
                .body("completedAt", notNullValue()).body("failure", nullValue())
                .body("options.categories", contains("economy"))
                .extract().jsonPath();
        String content = digest.getString("content");
        assertTrue(content.startsWith("Дайджест"), content);
        assertTrue(content.contains("ФРС не змінила ставку [1]"), content);
        assertTrue(content.contains("Кредити в Україні не подешевшають [2]"), content);
        assertFalse(content.contains("evil.example"), "a link the model made up is removed: " + content);
        // the newest two items of economy (finance is below it), cited in the order the answer cites them
        assertEquals(List.of(1, 2), digest.getList("items.number"));
        assertEquals(List.of(fed.toString(), loans.toString()), digest.getList("items.newsId"));
        assertEquals("Fed holds interest rates steady", digest.getString("items[0].title"));
        assertEquals("https://news.example/" + fed, digest.getString("items[0].link"));
        assertEquals(finalEvent.getString("content"), content, "the final event carries the stored digest");

        // what the API was sent: JSON in UTF-8 with the items, our key, the configured model
        List<LoggedRequest> sent = ChatCompletionsStub.server().findAll(postRequestedFor(urlEqualTo(ChatCompletionsStub.PATH)));
        assertEquals(1, sent.size());
        assertEquals("Bearer " + ChatCompletionsStub.KEY, sent.get(0).getHeader("Authorization"));
        JsonObject request = new JsonObject(sent.get(0).getBodyAsString());
        assertEquals(ChatCompletionsStub.MODEL, request.getString("model"));
        JsonArray messages = request.getJsonArray("messages");
        assertEquals("system", messages.getJsonObject(0).getString("role"));
        String prompt = messages.encode();
        assertTrue(prompt.contains("Облікова ставка НБУ: що це означає для кредитів"), prompt);
        assertTrue(prompt.contains("Fed holds interest rates steady"), prompt);
        assertFalse(prompt.contains("Зенит"), "only the categories asked for: " + prompt);

        // a client coming back after the end gets what it missed, ending with the final event
        SseEvents resumed = SseEvents.parse(given().auth().oauth2(token).header("Last-Event-ID", "3")
                .accept("text/event-stream").get(location + "/events").then().statusCode(200).extract().asString());
        assertEquals(List.of("4", "5"), resumed.ids());
        given().auth().oauth2(token).header("Last-Event-ID", "soon").get(location + "/events").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "validation"));

        // stored as JSONB and read back through the list and the latest
        UUID digestId = UUID.fromString(accepted.path("id"));
        assertEquals(List.of("bullets|2|" + fed), PostgresTestResource.queryColumn("SELECT (options ->> 'style') || '|' || "
                + "jsonb_array_length(items) || '|' || (items -> 0 ->> 'newsId') FROM digests WHERE id = ?", digestId));
        given().auth().oauth2(token).get("/digests").then().statusCode(200)
                .body("items.id", contains((String) accepted.path("id"))).body("items[0].items", hasSize(2));
        given().auth().oauth2(token).get("/digests/latest").then().statusCode(200)
                .body("id", equalTo(accepted.path("id"))).body("engine", equalTo(ChatCompletionsStub.MODEL));

        Metrics metrics = Metrics.scrape();
        assertTrue(metrics.value("dnevnik_llm_calls_total{outcome=\"success\"}") >= 1);
        assertTrue(metrics.value("dnevnik_digests_total{engine=\"llm\",outcome=\"succeeded\"}") >= 1);
        assertTrue(metrics.value("dnevnik_digest_texts_total{engine=\"llm\",reason=\"success\"}") >= 1);
        assertTrue(metrics.value("dnevnik_job_attempts_total{kind=\"digest\",outcome=\"succeeded\"}") >= 1);
    }

    @Test
    void aFailingModelIsRetriedThenTheDigestIsWrittenExtractively() {
        answers(apiError(503, "Service Unavailable", "server_error", null));

        Response accepted = create("{\"categories\":[\"finance\"],\"language\":\"en\",\"limit\":5}", null);
        accepted.then().statusCode(202);
        SseEvents events = SseEvents.parse(given().auth().oauth2(token).accept("text/event-stream")
                .get(accepted.header("Location") + "/events").then().statusCode(200).extract().asString());
        assertEquals("succeeded", events.last().name());
        assertTrue(events.events().stream().anyMatch(e -> e.data().contains("\"engine\":\"extractive\"")),
                events.toString());

        JsonPath digest = given().auth().oauth2(token).get(accepted.header("Location")).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("engine", equalTo("extractive"))
                .extract().jsonPath();
        String content = digest.getString("content");
        assertTrue(content.startsWith("Digest"), content);
        assertTrue(content.contains("[1]"), content);
        List<String> cited = digest.getList("items.newsId");
        assertFalse(cited.isEmpty(), digest.prettify());
        assertTrue(List.of(rates.toString(), loans.toString(), fed.toString()).containsAll(cited),
                "only finance items: " + digest.prettify());
        // the first call and both retries, each a fresh request
        assertEquals(3, ChatCompletionsStub.calls());

        Metrics metrics = Metrics.scrape();
        assertTrue(metrics.value("dnevnik_llm_retries_total{cause=\"unavailable\"}") >= 2);
        assertTrue(metrics.value("dnevnik_llm_calls_total{outcome=\"unavailable\"}") >= 1);
        assertTrue(metrics.value("dnevnik_digest_texts_total{engine=\"extractive\",reason=\"unavailable\"}") >= 1);
        assertTrue(metrics.value("dnevnik_digests_total{engine=\"extractive\",outcome=\"succeeded\"}") >= 1);
    }

    @Test
    void anIdempotencyKeyMakesOneDigestAndItsReuseWithAnotherRequestIsRefused() {
        answers(completion("Облікова ставка не змінилася [1]."));
        String body = "{\"categories\":[\"finance\"],\"language\":\"uk\"}";

        Response first = create(body, "digest-it-1");
        Response replay = create(body, "digest-it-1");

        first.then().statusCode(202).header("Idempotent-Replayed", nullValue());
        replay.then().statusCode(202).header("Idempotent-Replayed", "true")
                .header("Location", equalTo(first.header("Location")))
                .body("id", equalTo(first.path("id"))).body("options.language", equalTo("uk"));
        assertEquals("succeeded", NewsItDatabase.awaitJob(UUID.fromString(first.path("id"))));
        assertEquals(1, PostgresTestResource.queryLong("SELECT count(*) FROM digests WHERE user_id = ?", me));
        assertEquals(1, PostgresTestResource.queryLong("SELECT count(*) FROM jobs WHERE kind = 'digest'"));
        create("{\"categories\":[\"world\"]}", "digest-it-1").then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "idempotency-key-reused"));
        create(body, "not a key").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("Idempotency-Key"));
        assertEquals(1, PostgresTestResource.queryLong("SELECT count(*) FROM digests WHERE user_id = ?", me));
    }

    @Test
    void anotherUsersDigestIsNotFound() {
        answers(completion("Облікова ставка не змінилася [1]."));
        String id = create("{\"categories\":[\"finance\"]}", null).then().statusCode(202).extract().path("id");
        assertEquals("succeeded", NewsItDatabase.awaitJob(UUID.fromString(id)));
        String stranger = TestTokens.user(UUID.randomUUID());

        given().auth().oauth2(stranger).get("/digests/" + id).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "not-found")).body("status", equalTo(404));
        given().auth().oauth2(stranger).accept("text/event-stream").get("/digests/" + id + "/events").then()
                .statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(stranger).get("/digests/latest").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(stranger).get("/digests").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(token).get("/digests/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void defaultsComeFromTheSubscriptionsAndAcceptLanguageAndBadOptionsAreRefused() {
        answers(completion("«Зенит» переміг «Спартак» на останній хвилині [1]."));
        given().auth().oauth2(token).put("/subscriptions/sports").then().statusCode(200);

        String id = given().auth().oauth2(token).contentType("application/json")
                .header("Accept-Language", "uk-UA,uk;q=0.9,en;q=0.5").body("{}").post("/digests").then()
                .statusCode(202).body("options.categories", contains("sports")).body("options.language", equalTo("uk"))
                .body("options.style", equalTo("brief")).body("options.limit", equalTo(10))
                .extract().path("id");
        assertEquals("succeeded", NewsItDatabase.awaitJob(UUID.fromString(id)));

        // Hibernate Validator on the options record and its list elements, and the service's own checks
        create("{\"limit\":0,\"categories\":[\"Not A Slug\"]}", null).then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "validation"))
                .body("errors.find { it.field == 'limit' }.message", equalTo("must be greater than or equal to 1"))
                .body("errors.field", hasItem(containsString("categories[0]")));
        create("{\"style\":\"poetic\"}", null).then().statusCode(400).contentType(PROBLEM);
        create("{\"categories\":[\"finance\",\"astrology\"]}", null).then().statusCode(400)
                .body("errors.field", contains("categories[1]"));
        create("{\"since\":\"2999-01-01T00:00:00Z\"}", null).then().statusCode(400)
                .body("errors.field", contains("since"));
        assertEquals(1, PostgresTestResource.queryLong("SELECT count(*) FROM digests"));
        // the subscription chose the items: the derby (football is below sports), nothing of finance
        given().auth().oauth2(token).get("/digests/" + id).then().statusCode(200)
                .body("engine", equalTo(ChatCompletionsStub.MODEL)).body("items.newsId", contains(derby.toString()))
                .body("content", containsString("«Зенит» переміг «Спартак»"));
    }

    private Response create(String body, String idempotencyKey) {
        var request = given().auth().oauth2(token).contentType("application/json").body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/digests");
    }

    private static UUID item(UUID feed, String title, String summary, Instant published) {
        return item(feed, title, summary, published, "finance");
    }

    private static UUID item(UUID feed, String title, String summary, Instant published, String category) {
        UUID id = UUID.randomUUID();
        PostgresTestResource.execute("INSERT INTO news_items (id, feed_id, item_key, category, language, title, summary, "
                + "link, published_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)", id, feed, id.toString(), category, title,
                summary, "https://news.example/" + id, OffsetDateTime.ofInstant(published, ZoneOffset.UTC));
        return id;
    }
}
