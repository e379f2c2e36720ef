package dev.dnevnik.news.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.news.NewsTestData;
import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Feeds end to end against feeds served by WireMock on loopback (allow-listed in the test profile): creation and the
 * first fetch, conditional GET, servers that ignore it, failures that back off without touching other feeds,
 * charsets and compression, dedupe, and the SSRF guard wired into the service.
 */
@QuarkusTest
@NewsTestResources
class FeedRefreshTest {

    private static WireMockServer feeds;

    @Inject
    Pool db;

    @Inject
    FeedScheduler scheduler;

    private final String operator = TestTokens.admin(UUID.randomUUID());

    @BeforeAll
    static void startFeedServer() {
        feeds = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        feeds.start();
    }

    @AfterAll
    static void stopFeedServer() {
        feeds.stop();
    }

    @BeforeEach
    void clean() {
        NewsTestData.clean(db);
        feeds.resetAll();
    }

    @Test
    void aNewFeedIsFetchedAtOnceAndItsItemsStored() {
        feeds.stubFor(get("/city.xml").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withHeader("ETag", "\"v1\"").withBody(sample("rss2-news.xml"))));

        String id = given().auth().oauth2(operator).contentType("application/json")
                .body(feed("/city.xml", "local", "ru")).post("/feeds").then().statusCode(201)
                .header("Location", containsString("/feeds/")).extract().path("id");

        awaitRefreshOf(id);
        given().auth().oauth2(operator).get("/feeds/" + id).then().statusCode(200)
                .body("lastSuccessAt", notNullValue()).body("errorCount", org.hamcrest.Matchers.equalTo(0))
                .body("etag", containsString("v1")).body("title", containsString("Городские"));
        long stored = NewsTestData.count(db, "SELECT count(*) FROM news_items WHERE feed_id = $1", UUID.fromString(id));
        assertTrue(stored >= 3, "items stored: " + stored);
        // sanitised text, absolute links, category from the feed: visible under the parent category
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).queryParam("category", "local").get("/news").then()
                .statusCode(200).body("items.title", hasItem("Мэрия открыла новый парк"))
                .body("items.link", hasItem("https://news.example.com/city/2025/11/park"));
    }

    @Test
    void aNotModifiedAnswerAndRepeatedValidatorsChangeNothingButTheSchedule() {
        feeds.stubFor(get("/etag.xml").willReturn(aResponse().withHeader("ETag", "\"v1\"")
                .withHeader("Content-Type", "application/rss+xml").withBody(rss("Tech", "a", "b"))));
        String id = create("/etag.xml", "technology");
        awaitRefreshOf(id);
        assertEquals(2, items(id));

        // a server honouring the validator: 304
        feeds.stubFor(get("/etag.xml").withHeader("If-None-Match", equalTo("\"v1\"")).willReturn(aResponse().withStatus(304)));
        assertEquals("not_modified", refresh(id).path("result.outcome"));
        feeds.verify(getRequestedFor(urlEqualTo("/etag.xml")).withHeader("If-None-Match", equalTo("\"v1\"")));

        // a server ignoring it: 200 with the same ETag and a body we would otherwise parse
        feeds.resetAll();
        feeds.stubFor(get("/etag.xml").willReturn(aResponse().withHeader("ETag", "\"v1\"")
                .withHeader("Content-Type", "application/rss+xml").withBody(rss("Tech", "a", "b", "c"))));
        assertEquals("unchanged", refresh(id).path("result.outcome"));
        assertEquals(2, items(id));
        given().auth().oauth2(operator).get("/feeds/" + id).then().body("errorCount", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void newItemsAreAddedOnceAndKnownOnesIgnored() {
        feeds.stubFor(get("/grow.xml").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withBody(rss("Grow", "first", "second"))));
        String id = create("/grow.xml", "world");
        awaitRefreshOf(id);
        feeds.stubFor(get("/grow.xml").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withBody(rss("Grow", "first", "second", "third"))));

        Response refreshed = refresh(id);

        assertEquals("updated", refreshed.path("result.outcome"));
        assertEquals(1, (Integer) refreshed.path("result.added"));
        assertEquals(3, items(id));
    }

    @Test
    void failingFeedsBackOffWithTheirErrorVisibleAndOthersAreFetchedMeanwhile() {
        feeds.stubFor(get("/broken.xml").willReturn(aResponse().withStatus(500)));
        feeds.stubFor(get("/garbage.xml").willReturn(aResponse().withHeader("Content-Type", "text/html")
                .withBody("<html><body>Not a feed</body></html>")));
        feeds.stubFor(get("/fine.xml").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withFixedDelay(300).withBody(rss("Fine", "x", "y"))));
        String broken = create("/broken.xml", "world");
        String garbage = create("/garbage.xml", "world");
        String fine = create("/fine.xml", "world");
        awaitRefreshOf(broken);
        awaitRefreshOf(garbage);
        awaitRefreshOf(fine);

        assertEquals(2, items(fine));
        Instant firstBackoff = nextCheck(broken);
        given().auth().oauth2(operator).get("/feeds/" + broken).then().body("errorCount", org.hamcrest.Matchers.equalTo(1))
                .body("lastError", containsString("500")).body("enabled", org.hamcrest.Matchers.equalTo(true));
        given().auth().oauth2(operator).get("/feeds/" + garbage).then().body("errorCount", org.hamcrest.Matchers.equalTo(1))
                .body("lastError", containsString("not a feed"));
        assertTrue(firstBackoff.isAfter(Instant.now().plus(Duration.ofMinutes(5))), "backs off: " + firstBackoff);

        // due again (as if the back-off had passed): the scheduler fetches all three, the failure count grows
        db.query("UPDATE feeds SET next_check_at = now() - interval '1 second'").execute().await().indefinitely();
        assertEquals(3, scheduler.enqueueDue().await().indefinitely());
        awaitNoActiveRefreshes();
        given().auth().oauth2(operator).get("/feeds/" + broken).then().body("errorCount", org.hamcrest.Matchers.equalTo(2));
        given().auth().oauth2(operator).get("/feeds/" + fine).then().body("errorCount", org.hamcrest.Matchers.equalTo(0));
        assertTrue(nextCheck(broken).isAfter(Instant.now()), "still scheduled, never dropped");
    }

    @Test
    void aFeedThatMovedForGoodIsFetchedFromItsNewAddress() {
        feeds.stubFor(get("/old.xml").willReturn(aResponse().withStatus(301).withHeader("Location", "/new.xml")));
        feeds.stubFor(get("/new.xml").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withBody(rss("Moved", "m1"))));

        String id = create("/old.xml", "world");
        awaitRefreshOf(id);

        given().auth().oauth2(operator).get("/feeds/" + id).then().statusCode(200)
                .body("url", org.hamcrest.Matchers.endsWith("/new.xml")).body("errorCount", org.hamcrest.Matchers.equalTo(0));
        assertEquals(1, items(id));
    }

    @Test
    void readsAGzippedWindows1251Feed() throws IOException {
        byte[] body = gzip(("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>"
                + "<title>Новости Харькова</title><link>https://kh.example/</link>"
                + "<item><title>Открылась новая станция метро</title><link>https://kh.example/metro</link>"
                + "<guid>m-1</guid><description>Жители довольны</description></item></channel></rss>")
                .getBytes(Charset.forName("windows-1251")));
        feeds.stubFor(get("/cp1251.xml").willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withHeader("Content-Encoding", "gzip").withBody(body)));

        String id = create("/cp1251.xml", "local");
        awaitRefreshOf(id);

        Row item = db.preparedQuery("SELECT title, summary FROM news_items WHERE feed_id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().iterator().next();
        assertEquals("Открылась новая станция метро", item.getString("title"));
        assertEquals("Жители довольны", item.getString("summary"));
        feeds.verify(getRequestedFor(urlEqualTo("/cp1251.xml")).withHeader("Accept-Encoding", containing("gzip")));
    }

    @Test
    void refusesAnAddressOutsideTheAllowListWithoutConnecting() {
        // the test profile allows 127.0.0.0/8 only: IPv6 loopback stays refused
        String id = given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"http://[::1]:" + feeds.port() + "/ssrf.xml\",\"category\":\"world\"}")
                .post("/feeds").then().statusCode(201).extract().path("id");

        awaitRefreshOf(id);

        given().auth().oauth2(operator).get("/feeds/" + id).then().body("errorCount", org.hamcrest.Matchers.equalTo(1))
                .body("lastError", containsString("refused"));
        assertEquals(0, feeds.getAllServeEvents().size());
    }

    @Test
    void feedsAreForOperatorsAndBadInputChangesNothing() {
        String user = TestTokens.user(UUID.randomUUID());
        given().auth().oauth2(user).get("/feeds").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(user).contentType("application/json").body(feed("/x.xml", "world", "en"))
                .post("/feeds").then().statusCode(403);

        given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"ftp://example.org/feed\",\"category\":\"world\"}").post("/feeds").then()
                .statusCode(400).body("errors.field", hasItem("url"));
        given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"https://example.org/feed\",\"category\":\"astrology\"}").post("/feeds").then()
                .statusCode(400).body("errors.field", hasItem("category"));
        given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"https://user:secret@example.org/feed\",\"category\":\"world\",\"language\":\"xx\"}")
                .post("/feeds").then().statusCode(400);
        assertEquals(0, NewsTestData.count(db, "SELECT count(*) FROM feeds"));

        feeds.stubFor(get("/dup.xml").willReturn(aResponse().withStatus(404)));
        create("/dup.xml", "world");
        given().auth().oauth2(operator).contentType("application/json").body(feed("/dup.xml", "world", "en"))
                .post("/feeds").then().statusCode(409).contentType("application/problem+json");
        assertEquals(1, NewsTestData.count(db, "SELECT count(*) FROM feeds"));
    }

    @Test
    void aRefreshIsAJobWithStatusAndEvents() {
        feeds.stubFor(get("/job.xml").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml")
                .withBody(rss("Job", "one"))));
        String id = create("/job.xml", "world");
        awaitRefreshOf(id);

        Response accepted = given().auth().oauth2(operator).post("/feeds/" + id + "/refresh");
        accepted.then().statusCode(202).header("Location", containsString("/feeds/" + id + "/refreshes/"));
        String location = accepted.header("Location");
        NewsTestData.awaitJob(db, UUID.fromString(accepted.path("id")));

        given().auth().oauth2(operator).get(location).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("result.outcome", org.hamcrest.Matchers.equalTo("unchanged"));
        String stream = given().auth().oauth2(operator).accept("text/event-stream").get(location + "/events")
                .then().statusCode(200).extract().asString();
        assertTrue(stream.matches("(?s)id:\\s?1\\s+event:\\s?queued.*id:\\s?2\\s+event:\\s?running.*id:\\s?3\\s+event:\\s?succeeded.*"),
                stream);
        given().auth().oauth2(operator).get("/feeds/" + id + "/refreshes/" + UUID.randomUUID()).then().statusCode(404);

        // the jobs and the feeds in /q/metrics
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("dnevnik_job_attempts_total{kind=\"feed-refresh\",outcome=\"succeeded\"}"))
                .body(containsString("dnevnik_job_run_seconds_count{kind=\"feed-refresh\",outcome=\"succeeded\"}"))
                .body(containsString("dnevnik_job_queue_wait_seconds_count{kind=\"feed-refresh\"}"))
                .body(containsString("dnevnik_jobs{kind=\"digest\",state=\"queued\"}"))
                .body(containsString("dnevnik_feed_fetches_total{outcome=\"unchanged\"}"))
                .body(containsString("dnevnik_feeds_in_backoff"));
    }

    // ---- helpers ----

    private String create(String path, String category) {
        return given().auth().oauth2(operator).contentType("application/json").body(feed(path, category, "en"))
                .post("/feeds").then().statusCode(201).extract().path("id");
    }

    private static String feed(String path, String category, String language) {
        return "{\"url\":\"http://127.0.0.1:" + feeds.port() + path + "\",\"category\":\"" + category
                + "\",\"language\":\"" + language + "\"}";
    }

    /** Waits for the refresh the feed's creation enqueued (or any other of it). */
    private void awaitRefreshOf(String feedId) {
        for (Row row : db.preparedQuery("SELECT id FROM jobs WHERE payload ->> 'feedId' = $1")
                .execute(Tuple.of(feedId)).await().indefinitely()) {
            NewsTestData.awaitJob(db, row.getUUID("id"));
        }
    }

    private void awaitNoActiveRefreshes() {
        for (Row row : db.query("SELECT id FROM jobs WHERE state IN ('queued', 'running')").execute().await()
                .indefinitely()) {
            NewsTestData.awaitJob(db, row.getUUID("id"));
        }
    }

    private Response refresh(String feedId) {
        Response accepted = given().auth().oauth2(operator).post("/feeds/" + feedId + "/refresh");
        accepted.then().statusCode(202);
        NewsTestData.awaitJob(db, UUID.fromString(accepted.path("id")));
        return given().auth().oauth2(operator).get(accepted.header("Location")).then().statusCode(200).extract().response();
    }

    private long items(String feedId) {
        return NewsTestData.count(db, "SELECT count(*) FROM news_items WHERE feed_id = $1", UUID.fromString(feedId));
    }

    private Instant nextCheck(String feedId) {
        return Instant.parse(given().auth().oauth2(operator).get("/feeds/" + feedId).then().extract().path("nextCheckAt"));
    }

    private static String rss(String title, String... guids) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>")
                .append(title).append("</title><link>https://feeds.example/</link>");
        for (String guid : guids) {
            xml.append("<item><title>Item ").append(guid).append("</title><link>https://feeds.example/").append(guid)
                    .append("</link><guid>").append(guid).append("</guid><description>About ").append(guid)
                    .append("</description></item>");
        }
        return xml.append("</channel></rss>").toString();
    }

    private static byte[] sample(String name) {
        try (InputStream in = FeedRefreshTest.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String text) {
        return com.github.tomakehurst.wiremock.client.WireMock.containing(text);
    }
}
