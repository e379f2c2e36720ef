package dev.dnevnik.news.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.news.Metrics;
import dev.dnevnik.news.NewsItDatabase;
import dev.dnevnik.news.NewsItResources;
import dev.dnevnik.news.SseEvents;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The packaged news-service (a jar, or the native executable) through its API: the category taxonomy, feeds an
 * operator adds and the refresh jobs that fetch them from a WireMock on loopback (RSS 2.0 and Atom, windows-1251
 * declared in the prolog or only in Content-Type, HTML sanitised by jsoup, conditional GET, a DOCTYPE refused, an
 * address outside the allow-list refused), news by category, in keyset pages, searched in three languages and counted
 * per day, subscriptions, iCalendar imports with time zones and recurrence, security, health, metrics and OpenAPI.
 * What a native image commonly gets wrong (charsets, class-path resources of jsoup and ical4j, service loaders, XML
 * parser messages, JSON of records, validation messages) is exercised here once.
 */
@QuarkusIntegrationTest
@NewsItResources
class NewsFlowsIT {

    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final ZoneId KYIV = ZoneId.of("Europe/Kyiv");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEMS = "https://dnevnik.dev/problems/";
    /** The ETag the feeds are served with, as the service may see it (see the conditional GET test). */
    private static final String KH_ETAG = "\"kh-v1(--gzip)?\"";

    /** Feeds and calendars, on loopback (the service allow-lists 127.0.0.0/8 only). */
    private static WireMockServer host;

    private final String operator = TestTokens.admin(UUID.randomUUID());
    private final UUID reader = UUID.randomUUID();
    private final String user = TestTokens.user(reader);

    @BeforeAll
    static void startFeedHost() {
        host = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        host.start();
    }

    @AfterAll
    static void stopFeedHost() {
        if (host != null) {
            host.stop();
        }
    }

    @BeforeEach
    void clean() {
        NewsItDatabase.clean();
        host.resetAll();
    }

    // ---- categories ----

    @Test
    void theCategoryTaxonomyIsServedInRussianUkrainianAndEnglishFlatAndAsATree() {
        given().auth().oauth2(user).get("/categories").then().statusCode(200)
                .contentType("application/json")
                .body("categories.size()", equalTo(24))
                .body("categories.find { it.slug == 'ai' }.parent", equalTo("technology"))
                .body("categories.find { it.slug == 'ai' }.name.en", equalTo("Artificial intelligence"))
                .body("categories.find { it.slug == 'ai' }.name.ru", equalTo("Искусственный интеллект"))
                .body("categories.find { it.slug == 'ai' }.name.uk", equalTo("Штучний інтелект"))
                .body("categories.find { it.slug == 'health' }.name.uk", equalTo("Здоров'я"))
                .body("categories.find { it.slug == 'world' }.parent", nullValue())
                .body("tree.slug", hasItems("world", "technology", "sports", "local"))
                .body("tree.find { it.slug == 'technology' }.children.slug", contains("ai", "gadgets", "software"))
                .body("tree.find { it.slug == 'local' }.children.slug", contains("events", "weather"))
                .body("tree.find { it.slug == 'local' }.children[0].name.uk", equalTo("Події та дозвілля"));
    }

    // ---- feeds ----

    @Test
    void rssAndAtomFeedsInWindows1251AndUtf8BecomeCleanUnicodeNews() {
        Feeds feeds = addTheThreeFeeds();

        // windows-1251 declared in the XML prolog only (Content-Type without a charset)
        given().auth().oauth2(operator).get("/feeds/" + feeds.russian).then().statusCode(200)
                .body("title", equalTo("Новости Харькова")).body("language", equalTo("ru"))
                .body("etag", matchesPattern(KH_ETAG)).body("lastStatus", equalTo(200))
                .body("errorCount", equalTo(0)).body("lastSuccessAt", notNullValue())
                .body("nextCheckAt", notNullValue());
        JsonPath local = given().auth().oauth2(user).queryParam("category", "local").get("/news").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("Новини міста: відкрили парк", "Открылась новая станция метро", "Ночной ремонт дорог"),
                local.getList("items.title"), "the category includes its subcategory events, newest first");
        // jsoup: entities decoded (&nbsp; as a space, &mdash;, &hellip;), tags and scripts gone
        assertEquals("Жители довольны — поезда ходят с шести утра…", local.getString("items[1].summary"));
        assertEquals("https://kh.example/metro", local.getString("items[1].link"));
        assertEquals("2025-11-04T08:00:00Z", local.getString("items[1].publishedAt"));
        assertEquals("Ремонт идёт ночью.", local.getString("items[2].summary"));
        assertEquals("https://kh.example/roads", local.getString("items[2].link"), "relative to the channel's link");
        assertEquals("2025-11-03T22:30:00Z", local.getString("items[2].publishedAt"));
        assertEquals(feeds.russian, local.getString("items[1].feedId"));
        assertEquals("local", local.getString("items[1].category"));
        assertEquals("ru", local.getString("items[1].language"));

        // windows-1251 named only by the Content-Type: Ukrainian letters і ї є ґ and « » — survive
        given().auth().oauth2(user).queryParam("category", "events").get("/news").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].title", equalTo("Новини міста: відкрили парк"))
                .body("items[0].summary", equalTo("У місті відкрили парк «Наталка» — ґанок, їжа, євро"))
                .body("items[0].language", equalTo("uk"))
                .body("items[0].feedId", equalTo(feeds.ukrainian));
        given().auth().oauth2(operator).get("/feeds/" + feeds.ukrainian).then().body("title", equalTo("Новини Києва"));

        // Atom in UTF-8: HTML title and summary, a relative link, the date from published, else updated
        JsonPath tech = given().auth().oauth2(user).queryParam("category", "technology").get("/news").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("Markets rally", "An open model tops the charts"), tech.getList("items.title"));
        assertEquals("Investors were buying shares & bonds “quickly”.", tech.getString("items[0].summary"));
        assertEquals("https://blog.example.dev/posts/rally", tech.getString("items[0].link"));
        assertEquals("2025-11-04T09:00:00Z", tech.getString("items[0].publishedAt"));
        assertEquals("Weights are free to download.", tech.getString("items[1].summary"));
        assertEquals("2025-11-03T23:30:00Z", tech.getString("items[1].publishedAt"));
        given().auth().oauth2(operator).get("/feeds/" + feeds.atom).then().body("title", equalTo("Markets & Machines"));

        // stored as Unicode, not merely shown so
        assertEquals(List.of("Новини міста: відкрили парк"),
                PostgresTestResource.queryColumn("SELECT title FROM news_items WHERE feed_id = ?", UUID.fromString(feeds.ukrainian)));
        String id = local.getString("items[1].id");
        given().auth().oauth2(user).get("/news/" + id).then().statusCode(200)
                .body("title", equalTo("Открылась новая станция метро"));
        given().auth().oauth2(user).get("/news/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(PROBLEM).body("type", equalTo(PROBLEMS + "not-found"));

        // the operator's list of feeds, a page of FeedViews
        given().auth().oauth2(operator).get("/feeds").then().statusCode(200).body("items", hasSize(3))
                .body("items.id", hasItems(feeds.russian, feeds.ukrainian, feeds.atom));

        Metrics metrics = Metrics.scrape();
        assertTrue(metrics.value("dnevnik_feed_fetches_total{outcome=\"updated\"}") >= 3);
        assertTrue(metrics.value("dnevnik_news_items_added_total") >= 5);
        assertTrue(metrics.value("dnevnik_job_attempts_total{kind=\"feed-refresh\",outcome=\"succeeded\"}") >= 3);
        metrics.value("dnevnik_feeds_in_backoff");
        metrics.value("dnevnik_jobs{kind=\"digest\",state=\"queued\"}");
    }

    @Test
    void aSecondRefreshIsAConditionalGetAndA304ChangesNothing() {
        String feed = addFeed("/kh.xml", "local", "ru", russianFeed(), "application/rss+xml");
        assertEquals(List.of("succeeded"), NewsItDatabase.awaitRefreshesOf(feed));
        double notModifiedBefore = notModifiedFetches();
        // WireMock (Jetty) gzips the feed and marks its ETag "kh-v1--gzip", as Apache's mod_deflate does; the mark is
        // taken off again when the validator comes back
        host.stubFor(get("/kh.xml").withHeader("If-None-Match", WireMock.matching(KH_ETAG)).atPriority(1)
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"kh-v1\"")));

        Response accepted = given().auth().oauth2(operator).post("/feeds/" + feed + "/refresh");
        accepted.then().statusCode(202).contentType("application/json")
                .header("Location", containsString("/feeds/" + feed + "/refreshes/"))
                .body("kind", equalTo("feed-refresh")).body("maxAttempts", equalTo(1));
        String location = accepted.header("Location");

        // the job's events, followed to their end
        SseEvents events = SseEvents.parse(given().auth().oauth2(operator).accept("text/event-stream")
                .get(location + "/events").then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString());
        assertEquals(List.of("queued", "running", "succeeded"), events.names());
        assertEquals(List.of("1", "2", "3"), events.ids());
        assertTrue(events.last().data().contains("\"outcome\":\"not_modified\""), events.last().data());

        host.verify(2, getRequestedFor(urlEqualTo("/kh.xml")).withHeader("Accept-Encoding", WireMock.containing("gzip")));
        host.verify(getRequestedFor(urlEqualTo("/kh.xml")).withHeader("If-None-Match", WireMock.matching(KH_ETAG))
                .withHeader("If-Modified-Since", WireMock.equalTo("Tue, 04 Nov 2025 08:05:00 GMT")));
        given().auth().oauth2(operator).get(location).then().statusCode(200).body("state", equalTo("succeeded"))
                .body("result.outcome", equalTo("not_modified")).body("finishedAt", notNullValue());
        given().auth().oauth2(operator).get("/feeds/" + feed).then().statusCode(200)
                .body("lastStatus", equalTo(304)).body("errorCount", equalTo(0)).body("etag", matchesPattern(KH_ETAG));
        assertEquals(2, PostgresTestResource.queryLong("SELECT count(*) FROM news_items WHERE feed_id = ?", UUID.fromString(feed)));
        assertEquals(notModifiedBefore + 1, notModifiedFetches());
    }

    @Test
    void aFeedDeclaringADoctypeIsRefusedAndNothingOfItIsStored() {
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE rss [
                  <!ENTITY secret SYSTEM "file:///etc/hostname">
                ]>
                <rss version="2.0"><channel><title>Evil</title><link>https://evil.example.com/</link>
                <item><title>&secret;</title><link>https://evil.example.com/1</link></item></channel></rss>""";
        String feed = addFeed("/xxe.xml", "world", "en", xxe.getBytes(StandardCharsets.UTF_8), "application/rss+xml");

        assertEquals(List.of("failed"), NewsItDatabase.awaitRefreshesOf(feed));

        given().auth().oauth2(operator).get("/feeds/" + feed).then().statusCode(200)
                .body("errorCount", equalTo(1)).body("lastStatus", equalTo(200))
                .body("lastError", equalTo("not a feed: refused: the document declares a DOCTYPE"))
                .body("enabled", equalTo(true));
        assertEquals(0, PostgresTestResource.queryLong("SELECT count(*) FROM news_items"));
        assertEquals(List.of("not a feed: refused: the document declares a DOCTYPE"),
                PostgresTestResource.queryColumn("SELECT last_error FROM jobs WHERE payload ->> 'feedId' = ?", feed));

        // a broken document is explained in the XML parser's words (its messages are resources of the JDK)
        String broken = addFeed("/broken.xml", "world", "en", new byte[] { 1, 2, 3, (byte) 0xff, 0x3c },
                "application/rss+xml");
        assertEquals(List.of("failed"), NewsItDatabase.awaitRefreshesOf(broken));
        given().auth().oauth2(operator).get("/feeds/" + broken).then().statusCode(200)
                .body("lastError", equalTo("not a feed: Invalid XML: Error on line 1: Content is not allowed in prolog."));
    }

    @Test
    void anAddressOutsideTheAllowListIsRefusedWithoutConnecting() {
        // only 127.0.0.0/8 is allow-listed: the IPv6 loopback is refused before any connection (a literal: no lookup)
        String feed = given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"http://[::1]:" + host.port() + "/ssrf.xml\",\"category\":\"world\"}")
                .post("/feeds").then().statusCode(201).extract().path("id");

        assertEquals(List.of("failed"), NewsItDatabase.awaitRefreshesOf(feed));

        given().auth().oauth2(operator).get("/feeds/" + feed).then().statusCode(200)
                .body("errorCount", equalTo(1)).body("lastStatus", nullValue())
                .body("lastError", startsWith("refused: ")).body("lastError", containsString("loopback"));
        host.verify(0, anyRequestedFor(anyUrl()));
        assertTrue(Metrics.scrape().value("dnevnik_feed_fetches_total{outcome=\"failed\"}") >= 1);
    }

    @Test
    void feedsAreForOperatorsAndBadInputIsRefusedWithTheFieldsNamed() {
        given().auth().oauth2(user).get("/feeds").then().statusCode(403).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "forbidden")).body("status", equalTo(403));
        given().auth().oauth2(user).contentType("application/json")
                .body("{\"url\":\"http://127.0.0.1:" + host.port() + "/x.xml\",\"category\":\"world\"}")
                .post("/feeds").then().statusCode(403).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "forbidden"));
        given().auth().oauth2(user).contentType("application/json")
                .body("{\"url\":\"https://example.org/x.ics\",\"category\":\"events\"}")
                .post("/events/imports").then().statusCode(403).contentType(PROBLEM);

        // Hibernate Validator on the record, its messages as written
        given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\" \",\"category\":\"\",\"language\":\"ukr\"}").post("/feeds").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "validation"))
                .body("errors.field", contains("category", "language", "url"))
                .body("errors.find { it.field == 'url' }.message", equalTo("must not be blank"))
                .body("errors.find { it.field == 'language' }.message",
                        equalTo("must be an ISO 639-1 code such as ru, uk or en"));
        given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"ftp://example.org/feed\",\"category\":\"world\"}").post("/feeds").then()
                .statusCode(400).body("errors.field", contains("url"));
        given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"https://example.org/feed\",\"category\":\"astrology\"}").post("/feeds").then()
                .statusCode(400).body("errors.field", contains("category"));
        given().auth().oauth2(operator).contentType("application/json").body("{\"url\":").post("/feeds").then()
                .statusCode(400).contentType(PROBLEM);
        assertEquals(0, PostgresTestResource.queryLong("SELECT count(*) FROM feeds"));

        host.stubFor(get("/dup.xml").willReturn(aResponse().withStatus(404)));
        String body = "{\"url\":\"http://127.0.0.1:" + host.port() + "/dup.xml\",\"category\":\"world\"}";
        given().auth().oauth2(operator).contentType("application/json").body(body).post("/feeds").then().statusCode(201);
        given().auth().oauth2(operator).contentType("application/json").body(body).post("/feeds").then()
                .statusCode(409).contentType(PROBLEM).body("type", equalTo(PROBLEMS + "conflict"));
        assertEquals(1, PostgresTestResource.queryLong("SELECT count(*) FROM feeds"));
    }

    // ---- news ----

    @Test
    void newsAreFilteredByCategorySearchedInThreeLanguagesAndCountedPerDayInTheCallersZone() {
        Feeds feeds = addTheThreeFeeds();
        String metro = newsId("Открылась новая станция метро");
        String park = newsId("Новини міста: відкрили парк");
        String rally = newsId("Markets rally");

        // search by stem: Russian, Ukrainian (the light stemmer), English
        given().auth().oauth2(user).queryParam("q", "станции").get("/news").then().statusCode(200)
                .body("items.id", contains(metro));
        given().auth().oauth2(user).queryParam("q", "містом").get("/news").then().statusCode(200)
                .body("items.id", contains(park));
        given().auth().oauth2(user).queryParam("q", "buy share").get("/news").then().statusCode(200)
                .body("items.id", contains(rally));
        given().auth().oauth2(user).queryParam("q", "станции").queryParam("category", "technology").get("/news")
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(user).queryParam("category", "ai").queryParam("since", "2025-11-04T00:00:00Z")
                .get("/news").then().statusCode(200).body("items.id", contains(rally));
        given().auth().oauth2(user).queryParam("category", "no-such-thing").get("/news").then().statusCode(400)
                .contentType(PROBLEM).body("type", equalTo(PROBLEMS + "validation"))
                .body("errors.field", contains("category"));
        given().auth().oauth2(user).queryParam("since", "yesterday").queryParam("limit", "0").get("/news").then()
                .statusCode(400).body("errors.field", containsInAnyOrder("since", "limit"));

        // a day's counts: the caller's subscriptions, each with its subcategories, the day in the caller's zone
        given().auth().oauth2(user).put("/subscriptions/local").then().statusCode(200);
        given().auth().oauth2(user).put("/subscriptions/technology").then().statusCode(200);
        given().auth().oauth2(user).header("Time-Zone", "Europe/Kyiv").queryParam("date", "2025-11-04")
                .get("/news/stats").then().statusCode(200)
                .body("date", equalTo("2025-11-04")).body("timeZone", equalTo("Europe/Kyiv"))
                .body("subscribedOnly", equalTo(true)).body("total", equalTo(5))
                .body("categories.category", contains("technology", "local"))
                .body("categories.find { it.category == 'local' }.count", equalTo(3))
                .body("categories.find { it.category == 'local' }.name.ru", equalTo("Город"))
                .body("categories.find { it.category == 'technology' }.count", equalTo(2));
        // in UTC the two items published after 22:00 UTC on the 3rd belong to the 3rd
        given().auth().oauth2(user).queryParam("date", "2025-11-04").get("/news/stats").then().statusCode(200)
                .body("timeZone", equalTo("UTC")).body("total", equalTo(3))
                .body("categories.find { it.category == 'local' }.count", equalTo(2))
                .body("categories.find { it.category == 'technology' }.count", equalTo(1));
        // following nothing: every top-level category
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).header("Time-Zone", "Europe/Kyiv")
                .queryParam("date", "2025-11-04").get("/news/stats").then().statusCode(200)
                .body("subscribedOnly", equalTo(false)).body("total", equalTo(5))
                .body("categories.find { it.category == 'ai' }", nullValue())
                .body("categories.find { it.category == 'world' }.count", equalTo(0));
        given().auth().oauth2(user).header("Time-Zone", "Mars/Olympus").get("/news/stats").then().statusCode(400)
                .body("errors.field", contains("Time-Zone"));
        assertEquals(feeds.russian, given().auth().oauth2(user).get("/news/" + metro).then().extract().path("feedId"));
    }

    @Test
    void newsPagesWalkNewestFirstWithoutGapsOrRepeats() {
        StringBuilder rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                + "<title>Science</title><link>https://science.example/</link>");
        DateTimeFormatter rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME;
        for (int i = 0; i < 23; i++) {
            // items come in pairs sharing their publication time: the id breaks the tie
            Instant published = Instant.parse("2025-10-01T12:00:00Z").plusSeconds(3600L * (i / 2));
            rss.append("<item><title>Discovery ").append(i).append("</title><link>https://science.example/")
                    .append(i).append("</link><guid>s-").append(i).append("</guid><pubDate>")
                    .append(rfc1123.format(published.atZone(ZoneId.of("UTC")))).append("</pubDate></item>");
        }
        String feed = addFeed("/science.xml", "science", "en", rss.append("</channel></rss>").toString()
                .getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8");
        assertEquals(List.of("succeeded"), NewsItDatabase.awaitRefreshesOf(feed));
        List<String> expected = PostgresTestResource.queryColumn(
                "SELECT id FROM news_items WHERE category = 'science' ORDER BY published_at DESC, id DESC");
        assertEquals(23, expected.size());

        Response first = given().auth().oauth2(user).queryParam("category", "science").queryParam("limit", 10)
                .get("/news");
        first.then().statusCode(200).body("items", hasSize(10)).body("nextCursor", notNullValue())
                .header("Link", containsString("rel=\"next\""));
        List<String> walked = new ArrayList<>(first.jsonPath().getList("items.id"));
        String next = first.path("next");
        int pages = 1;
        while (next != null) {
            JsonPath page = given().auth().oauth2(user).get(next).then().statusCode(200).extract().jsonPath();
            walked.addAll(page.getList("items.id"));
            next = page.getString("next");
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(expected, walked);
        given().auth().oauth2(user).queryParam("cursor", "not-a-cursor").get("/news").then().statusCode(400)
                .body("errors.field", contains("cursor"));
    }

    // ---- subscriptions ----

    @Test
    void subscriptionsAreIdempotentAndNameTheirCategories() {
        given().auth().oauth2(user).put("/subscriptions/football").then().statusCode(200)
                .body("category", equalTo("football")).body("parent", equalTo("sports"))
                .body("name.ru", equalTo("Футбол")).body("name.uk", equalTo("Футбол")).body("subscribed", equalTo(true));
        given().auth().oauth2(user).put("/subscriptions/football").then().statusCode(200);
        given().auth().oauth2(user).put("/subscriptions/weather").then().statusCode(200)
                .body("name.uk", equalTo("Погода"));

        given().auth().oauth2(user).get("/subscriptions").then().statusCode(200)
                .body("size()", equalTo(24))
                .body("findAll { it.subscribed }.category", contains("football", "weather"))
                .body("find { it.category == 'elections' }.name.uk", equalTo("Вибори"));
        assertEquals(2, PostgresTestResource.queryLong("SELECT count(*) FROM subscriptions WHERE user_id = ?", reader));

        given().auth().oauth2(user).delete("/subscriptions/football").then().statusCode(204);
        given().auth().oauth2(user).delete("/subscriptions/football").then().statusCode(204);
        given().auth().oauth2(user).put("/subscriptions/astrology").then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(PROBLEMS + "not-found"));
        assertEquals(List.of("weather"), PostgresTestResource.queryColumn("SELECT category FROM subscriptions WHERE user_id = ?",
                reader));
        // another user follows nothing
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).get("/subscriptions").then().statusCode(200)
                .body("findAll { it.subscribed }", hasSize(0));
    }

    // ---- events ----

    @Test
    void anICalendarFeedWithItsOwnTimeZoneRecurrenceAndExceptionsBecomesEventsAtTheRightInstants() {
        LocalDate day = LocalDate.now(KYIV).plusDays(5);
        host.stubFor(get("/afisha.ics").willReturn(aResponse()
                .withHeader("Content-Type", "text/calendar; charset=utf-8").withBody(calendar(day))));
        String url = "http://127.0.0.1:" + host.port() + "/afisha.ics";

        Response accepted = given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"" + url + "\",\"category\":\"events\",\"city\":\"Kyiv\"}").post("/events/imports");
        accepted.then().statusCode(202).header("Location", containsString("/events/imports/"))
                .body("kind", equalTo("ical-import"));
        SseEvents events = SseEvents.parse(given().auth().oauth2(operator).accept("text/event-stream")
                .get(accepted.header("Location") + "/events").then().statusCode(200).extract().asString());
        assertEquals(List.of("queued", "running", "progress", "succeeded"), events.names());
        assertTrue(events.events().get(2).data().contains("\"events\":5"), events.events().get(2).data());
        given().auth().oauth2(operator).get(accepted.header("Location")).then().statusCode(200)
                .body("state", equalTo("succeeded")).body("result.added", equalTo(5)).body("result.updated", equalTo(0));

        // the calendar's VTIMEZONE for Kyiv; ical4j's own zone data for New York (no VTIMEZONE given)
        Instant concert = at(day, 19, 0, KYIV);
        Instant club1 = at(day.plusDays(1), 18, 30, KYIV);
        Instant webinar = at(day.plusDays(2), 12, 0, NEW_YORK);
        Instant club3 = at(day.plusDays(15), 18, 30, KYIV);
        Instant club4 = at(day.plusDays(22), 18, 30, KYIV);
        JsonPath listed = given().auth().oauth2(user).queryParam("category", "local").queryParam("city", "KYIV")
                .get("/events").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(concert, club1, webinar, club3, club4).stream().map(Instant::toString).toList(),
                listed.getList("items.startsAt"), "the second club meeting is an EXDATE");
        assertEquals(List.of("Концерт у філармонії", "Розмовний клуб", "Webinar from New York", "Розмовний клуб",
                "Розмовний клуб"), listed.getList("items.title"));
        assertEquals(List.of("Europe/Kyiv", "Europe/Kyiv", "America/New_York", "Europe/Kyiv", "Europe/Kyiv"),
                listed.getList("items.timeZone"));
        assertEquals(at(day, 21, 0, KYIV).toString(), listed.getString("items[0].endsAt"));
        assertEquals(club1.plusSeconds(5400).toString(), listed.getString("items[1].endsAt"), "DURATION PT1H30M");
        assertEquals(at(day.plusDays(2), 13, 0, NEW_YORK).toString(), listed.getString("items[2].endsAt"));
        assertEquals("Оркестр грає Лятошинського — квитки в касі.", listed.getString("items[0].description"));
        assertEquals("Національна філармонія, Володимирський узвіз 2", listed.getString("items[0].location"));
        assertEquals("https://afisha.example.com/concert", listed.getString("items[0].url"));
        assertEquals("concert@afisha.it", listed.getString("items[0].uid"));
        assertEquals("", listed.getString("items[0].recurrenceId"));
        assertEquals(club1.toString(), listed.getString("items[1].recurrenceId"));
        assertEquals("Kyiv", listed.getString("items[0].city"));
        assertEquals("events", listed.getString("items[0].category"));
        assertEquals(url, listed.getString("items[0].sourceUrl"));

        given().auth().oauth2(user).queryParam("q", "філармонія").get("/events").then().statusCode(200)
                .body("items.uid", contains("concert@afisha.it"));
        given().auth().oauth2(user).get("/events/" + listed.getString("items[2].id")).then().statusCode(200)
                .body("title", equalTo("Webinar from New York")).body("allDay", equalTo(false));
        assertEquals(5, PostgresTestResource.queryLong("SELECT count(*) FROM events WHERE source_url = ?", url));
        assertTrue(Metrics.scrape().value("dnevnik_job_attempts_total{kind=\"ical-import\",outcome=\"succeeded\"}") >= 1);
    }

    // ---- security and operations ----

    @Test
    void everyApiCallNeedsAValidToken() {
        UUID someone = UUID.randomUUID();
        for (String path : List.of("/news", "/categories", "/subscriptions", "/events", "/digests", "/feeds")) {
            given().get(path).then().statusCode(401).contentType(PROBLEM)
                    .body("type", equalTo(PROBLEMS + "unauthorized")).body("status", equalTo(401));
        }
        given().auth().oauth2(TestTokens.forged(someone)).get("/news").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.expired(someone)).get("/news").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.withIssuer(someone, "urn:someone:else")).get("/news").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(someone)).get("/news").then().statusCode(200);
    }

    @Test
    void healthMetricsAndTheApiDescriptionAreServedAndEveryMigrationLocationRan() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.status", not(hasItem("DOWN")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        String yaml = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(yaml.contains("Dnevnik news-service"), yaml.substring(0, Math.min(400, yaml.length())));
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Dnevnik news-service"))
                .body("paths.'/feeds'.post.operationId", equalTo("createFeed"))
                .body("paths.'/digests'.post.operationId", equalTo("createDigest"))
                .body("paths.'/events/imports'.post.operationId", equalTo("importEvents"))
                .body("components.schemas.NewsView.properties.title", notNullValue())
                .body("components.securitySchemes.jwt", notNullValue());

        Metrics metrics = Metrics.scrape();
        metrics.value("dnevnik_llm_circuit_state");
        metrics.value("dnevnik_llm_upstream_in_flight");
        assertTrue(metrics.text().contains("http_server_requests_seconds_count"), "HTTP server metrics");

        // Flyway found and ran the service's, the idempotency module's and the jobs module's scripts
        List<String> scripts = PostgresTestResource.queryColumn("SELECT script FROM flyway_schema_history WHERE success");
        assertTrue(scripts.containsAll(List.of("db/migration/V1__news.sql", "db/idempotency/R__common_idempotency_keys.sql",
                "db/jobs/R__jobs.sql")), scripts.toString());
    }

    // ---- fixtures ----

    private record Feeds(String russian, String ukrainian, String atom) {
    }

    /**
     * A Russian RSS feed in windows-1251 declared in its prolog, a Ukrainian one in windows-1251 named only by the
     * Content-Type, and an English Atom feed in UTF-8; each fetched once.
     */
    private Feeds addTheThreeFeeds() {
        String russian = addFeed("/kh.xml", "local", "ru", russianFeed(), "application/rss+xml");
        String ukrainian = addFeed("/kyiv.xml", "events", "uk", ukrainianFeed(), "text/xml; charset=windows-1251");
        String atom = addFeed("/blog.atom", "ai", "en", atomFeed(), "application/atom+xml; charset=utf-8");
        for (String feed : List.of(russian, ukrainian, atom)) {
            assertEquals(List.of("succeeded"), NewsItDatabase.awaitRefreshesOf(feed), "refresh of " + feed);
        }
        return new Feeds(russian, ukrainian, atom);
    }

    private static byte[] russianFeed() {
        String xml = """
                <?xml version="1.0" encoding="windows-1251"?>
                <rss version="2.0"><channel><title>Новости Харькова</title><link>https://kh.example/</link>
                <item><title>Открылась новая станция метро</title><link>https://kh.example/metro</link>
                <guid isPermaLink="false">kh-1</guid><pubDate>Tue, 04 Nov 2025 10:00:00 +0200</pubDate>
                <description>Жители&amp;nbsp;довольны &amp;mdash; поезда ходят с &lt;b&gt;шести утра&lt;/b&gt;&amp;hellip;</description></item>
                <item><title>Ночной ремонт дорог</title><link>/roads</link><guid isPermaLink="false">kh-2</guid>
                <pubDate>Tue, 04 Nov 2025 00:30:00 +0200</pubDate>
                <description><![CDATA[<p>Ремонт идёт&nbsp;ночью.</p><script>alert('x')</script>]]></description></item>
                </channel></rss>""";
        return xml.getBytes(CP1251);
    }

    private static byte[] ukrainianFeed() {
        String xml = """
                <?xml version="1.0"?>
                <rss version="2.0"><channel><title>Новини Києва</title><link>https://kyiv.example/</link>
                <item><title>Новини міста: відкрили парк</title><link>https://kyiv.example/park</link><guid>kv-1</guid>
                <pubDate>Tue, 04 Nov 2025 12:00:00 +0200</pubDate>
                <description>У місті відкрили парк &amp;laquo;Наталка&amp;raquo; — ґанок, їжа, євро</description></item>
                </channel></rss>""";
        return xml.getBytes(CP1251);
    }

    private static byte[] atomFeed() {
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>Markets &amp; Machines</title>
                  <link rel="alternate" href="https://blog.example.dev/"/>
                  <id>tag:blog.example.dev,2025:feed</id>
                  <updated>2025-11-04T12:00:00Z</updated>
                  <entry>
                    <title type="html">Markets &lt;em&gt;rally&lt;/em&gt;</title>
                    <link rel="alternate" href="posts/rally"/>
                    <id>tag:blog.example.dev,2025:rally</id>
                    <published>2025-11-04T09:00:00Z</published>
                    <updated>2025-11-04T10:00:00Z</updated>
                    <summary type="html">&lt;p&gt;Investors were buying shares &amp;amp; bonds &amp;ldquo;quickly&amp;rdquo;.&lt;/p&gt;</summary>
                  </entry>
                  <entry>
                    <title>An open model tops the charts</title>
                    <link rel="alternate" href="https://blog.example.dev/posts/model"/>
                    <id>tag:blog.example.dev,2025:model</id>
                    <updated>2025-11-03T23:30:00Z</updated>
                    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Weights are <b>free</b> to download.</p></div></content>
                  </entry>
                </feed>""";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** Serves the document at {@code path} and has the operator add it as a feed; its id. */
    private String addFeed(String path, String category, String language, byte[] body, String contentType) {
        host.stubFor(get(path).willReturn(aResponse().withHeader("Content-Type", contentType)
                .withHeader("ETag", "\"kh-v1\"").withHeader("Last-Modified", "Tue, 04 Nov 2025 08:05:00 GMT")
                .withBody(body)));
        return addFeed(path, category, language);
    }

    private String addFeed(String path, String category, String language) {
        String url = "http://127.0.0.1:" + host.port() + path;
        Response created = given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"" + url + "\",\"category\":\"" + category + "\",\"language\":\"" + language + "\"}")
                .post("/feeds");
        created.then().statusCode(201).contentType("application/json")
                .header("Location", containsString("/feeds/" + created.path("id")))
                .body("url", equalTo(url)).body("category", equalTo(category)).body("enabled", equalTo(true));
        return created.path("id");
    }

    private String newsId(String title) {
        List<String> ids = PostgresTestResource.queryColumn("SELECT id FROM news_items WHERE title = ?", title);
        assertEquals(1, ids.size(), title);
        return ids.get(0);
    }

    private static double notModifiedFetches() {
        String series = "dnevnik_feed_fetches_total{outcome=\"not_modified\"}";
        Metrics metrics = Metrics.scrape();
        return metrics.text().contains(series + " ") ? metrics.value(series) : 0;
    }

    private static Instant at(LocalDate day, int hour, int minute, ZoneId zone) {
        return day.atTime(hour, minute).atZone(zone).toInstant();
    }

    /**
     * A calendar as Google exports it: a VTIMEZONE for Kyiv, a concert with HTML in its description, a weekly club
     * with an EXDATE, and an event in New York whose zone the calendar does not define.
     */
    private static String calendar(LocalDate day) {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
        LocalDateTime concert = day.atTime(19, 0);
        LocalDateTime club = day.plusDays(1).atTime(18, 30);
        LocalDateTime webinar = day.plusDays(2).atTime(12, 0);
        return String.join("\r\n",
                "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
                "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Афіша Києва", "X-WR-TIMEZONE:Europe/Kyiv",
                "BEGIN:VTIMEZONE", "TZID:Europe/Kyiv", "X-LIC-LOCATION:Europe/Kyiv",
                "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300", "TZNAME:EEST",
                "DTSTART:19700329T030000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
                "BEGIN:STANDARD", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200", "TZNAME:EET",
                "DTSTART:19701025T040000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT", "UID:concert@afisha.it", "DTSTAMP:20251101T100000Z",
                "DTSTART;TZID=Europe/Kyiv:" + concert.format(local),
                "DTEND;TZID=Europe/Kyiv:" + concert.plusHours(2).format(local),
                "SUMMARY:Концерт у філармонії",
                "DESCRIPTION:<p>Оркестр грає <b>Лятошинського</b> &mdash\\; квитки в касі.</p>",
                "LOCATION:Національна філармонія\\, Володимирський узвіз 2",
                "URL:https://afisha.example.com/concert", "END:VEVENT",
                "BEGIN:VEVENT", "UID:club@afisha.it", "DTSTAMP:20251101T100000Z",
                "DTSTART;TZID=Europe/Kyiv:" + club.format(local), "DURATION:PT1H30M",
                "RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Kyiv:" + club.plusDays(7).format(local),
                "SUMMARY:Розмовний клуб", "LOCATION:Бібліотека на Подолі", "END:VEVENT",
                "BEGIN:VEVENT", "UID:webinar@afisha.it", "DTSTAMP:20251101T100000Z",
                "DTSTART;TZID=America/New_York:" + webinar.format(local),
                "DTEND;TZID=America/New_York:" + webinar.plusHours(1).format(local),
                "SUMMARY:Webinar from New York", "END:VEVENT",
                "END:VCALENDAR", "");
    }
}
