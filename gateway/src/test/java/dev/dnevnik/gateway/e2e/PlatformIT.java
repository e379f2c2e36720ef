package dev.dnevnik.gateway.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.devtools.SpeechToTextSimulator;
import dev.dnevnik.gateway.auth.TelegramInitDataBuilder;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The packaged gateway in front of the real diary-service, transcription-service and news-service (see
 * {@link RealServices}): the platform as a user reaches it, with a real PostgreSQL, the speech-to-text simulator and
 * a WireMock serving an RSS feed on loopback as the only stand-ins.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(RealServices.class)
class PlatformIT {

    private static final File SPEECH = new File("../transcription-service/src/test/resources/audio/speech.ogg");
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    /** A feed host, on loopback (news-service is told to allow it). */
    private static WireMockServer feedHost;

    @BeforeAll
    static void startFeedHost() {
        feedHost = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        feedHost.start();
    }

    @AfterAll
    static void stopFeedHost() {
        if (feedHost != null) {
            feedHost.stop();
        }
    }

    private static String signIn(String name) {
        return signIn(name, false);
    }

    private static String signIn(String name, boolean operator) {
        return given().contentType("application/json").body(Map.of("name", name, "admin", operator))
                .post("/api/auth/dev").then().statusCode(200).extract().path("accessToken");
    }

    @Test
    void aRecordingBecomesADiaryEntryOnceEvenWhenTheClientRetries() {
        String token = signIn("voice-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        Response created = given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .multiPart("file", SPEECH, "audio/ogg").multiPart("tags", "walks")
                .post("/api/voice-entries");
        created.then().statusCode(201)
                .header("Location", containsString("/api/entries/"))
                .body("source", equalTo("voice"))
                .body("body", startsWith("[simulated]"))
                .body("tags", hasItem("walks"));
        String entryId = created.path("id");
        String transcriptId = created.path("transcriptId");

        given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .multiPart("file", SPEECH, "audio/ogg").multiPart("tags", "walks")
                .post("/api/voice-entries")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(entryId));

        given().header("Authorization", "Bearer " + token).get("/api/entries").then().statusCode(200)
                .body("items.size()", equalTo(1));
        given().header("Authorization", "Bearer " + token).get("/api/transcriptions").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(transcriptId))
                .body("items[0].text", equalTo(SpeechToTextSimulator.TEXT));
    }

    /**
     * The diary's database drops its connection while the entry is being stored (as in a PostgreSQL restart), after
     * the recording was transcribed: the client is told 503, and its retry with the same key completes the entry
     * from the stored transcript — one provider call, one transcript, one entry.
     */
    @Test
    void aVoiceEntryWhoseDiaryStepFailedIsCompletedByTheRetryWithOneTranscription() throws Exception {
        String token = signIn("restart-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        long transcribedBefore = RealServices.simulator.served();
        Response failed;
        try (Connection diary = RealServices.postgres.connect(RealServices.diaryDatabase)) {
            diary.setAutoCommit(false);
            diary.createStatement().execute("LOCK TABLE entries IN SHARE ROW EXCLUSIVE MODE");
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given()
                    .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                    .multiPart("file", SPEECH, "audio/ogg").post("/api/voice-entries"));
            terminateTheInsertWaitingOnTheLock();
            failed = first.join();
            diary.rollback();
        }
        failed.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");

        given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .multiPart("file", SPEECH, "audio/ogg").post("/api/voice-entries")
                .then().statusCode(201).body("source", equalTo("voice"));

        assertEquals(1, RealServices.simulator.served() - transcribedBefore, "the provider was asked once");
        given().header("Authorization", "Bearer " + token).get("/api/transcriptions").then().statusCode(200)
                .body("items.size()", equalTo(1));
        given().header("Authorization", "Bearer " + token).get("/api/entries").then().statusCode(200)
                .body("items.size()", equalTo(1));
    }

    /**
     * Terminates the diary's insert once it waits on the lock (SQLSTATE 57P01 for it). Watched from a connection of its
     * own: within a transaction PostgreSQL shows a snapshot of pg_stat_activity that does not change.
     */
    private static void terminateTheInsertWaitingOnTheLock() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        try (Connection watcher = RealServices.postgres.connect(RealServices.diaryDatabase)) {
            while (Instant.now().isBefore(deadline)) {
                try (var waiting = watcher.createStatement().executeQuery("SELECT pg_terminate_backend(pid)"
                    + " FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        + " AND query ILIKE 'insert into entries%'")) {
                    if (waiting.next()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the entry's insert never reached the locked table");
    }

    /**
     * The two ways real clients sign in: the Telegram Mini App with initData signed for the bot (checked with HMAC,
     * the user created on first sign-in) and a script with an API key that user made; a tampered initData and a revoked
     * key are refused with problems.
     */
    @Test
    void aTelegramUserSignsInAndHisScriptUsesAnApiKey() {
        long telegramId = 5_000_000L + (System.nanoTime() % 1_000_000L);
        String initData = TelegramInitDataBuilder.forUser(telegramId, "oksana_e2e").signed();
        Response signedIn = given().contentType("application/json").body(Map.of("initData", initData))
                .post("/api/auth/telegram");
        signedIn.then().statusCode(200).body("accessToken", notNullValue()).body("user.id", notNullValue());
        String token = signedIn.path("accessToken");
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("body", "Запис з Telegram")).post("/api/entries").then().statusCode(201);

        String tampered = initData.replace("oksana_e2e", "mallory_e2e");
        given().contentType("application/json").body(Map.of("initData", tampered)).post("/api/auth/telegram")
                .then().statusCode(401).contentType("application/problem+json");

        Response key = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("name", "nightly export")).post("/api/auth/api-keys");
        key.then().statusCode(201).body("secret", startsWith("dnv_"));
        String machineToken = given().contentType("application/json").body(Map.of("apiKey", key.path("secret")))
                .post("/api/auth/token").then().statusCode(200)
                .body("user.id", equalTo(signedIn.path("user.id"))).extract().path("accessToken");
        given().header("Authorization", "Bearer " + machineToken).get("/api/entries").then().statusCode(200)
                .body("items[0].body", equalTo("Запис з Telegram"));
        given().header("Authorization", "Bearer " + token).delete("/api/auth/api-keys/" + key.path("id"))
                .then().statusCode(204);
        given().contentType("application/json").body(Map.of("apiKey", key.path("secret"))).post("/api/auth/token")
                .then().statusCode(401).contentType("application/problem+json");
    }

    /** What the HTTP layer refuses below REST (too large, too long, not HTTP) is still a problem at the gateway. */
    @Test
    void answersBelowRestAreProblemsToo() throws Exception {
        URI gateway = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        RawHttp.Answer tooLarge = RawHttp.send(gateway.getHost(), gateway.getPort(),
                "POST /api/auth/telegram HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 20000");
        assertEquals(413, tooLarge.status());
        assertEquals("application/problem+json", tooLarge.header("content-type"));
        RawHttp.Answer tooLong = RawHttp.send(gateway.getHost(), gateway.getPort(),
                "GET /api/entries?q=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost");
        assertEquals(414, tooLong.status());
        assertEquals("application/problem+json", tooLong.header("content-type"));
        given().contentType("application/json").body("{\"name\":").post("/api/auth/dev").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void tokensFromTheGatewayWorkAtTheServicesAndForgedOnesFailAtBoth() {
        String token = signIn("tokens-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + token).get(RealServices.diaryUrl + "/entries")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get(RealServices.transcriptionUrl + "/transcriptions")
                .then().statusCode(200);

        String forged = TestTokens.forged(UUID.randomUUID());
        given().header("Authorization", "Bearer " + forged).get("/api/entries").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + forged).get(RealServices.diaryUrl + "/entries")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + forged).get(RealServices.transcriptionUrl + "/transcriptions")
                .then().statusCode(401);
    }

    @Test
    void pagesAndProblemsComeBackWithPublicPaths() {
        String token = signIn("pages-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body(Map.of("body", "Запись номер " + i)).post("/api/entries")
                    .then().statusCode(201).header("Location", containsString("/api/entries/"));
        }
        Response page = given().header("Authorization", "Bearer " + token).get("/api/entries?limit=2");
        page.then().statusCode(200).header("Link", startsWith("</api/entries?limit=2&cursor="));
        String next = page.path("next");
        assertEquals(true, next.startsWith("/api/entries?limit=2&cursor="), next);
        given().header("Authorization", "Bearer " + token).urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("items.size()", equalTo(1));

        // a service's validation problem reaches the client unchanged
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("body", " ")).post("/api/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        // someone else's entry is not found, through the gateway as directly
        String other = signIn("other-" + UUID.randomUUID());
        String mine = page.path("items[0].id");
        given().header("Authorization", "Bearer " + other).get("/api/entries/" + mine).then().statusCode(404);
    }

    @Test
    void theDashboardGathersTheRealServices() {
        String token = signIn("dash-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("body", "сегодня хороший день")).post("/api/entries").then().statusCode(201);
        given().header("Authorization", "Bearer " + token).get("/api/dashboard").then().statusCode(200)
                .body("entryStats.totalEntries", equalTo(1))
                .body("entryStats.currentStreak", greaterThanOrEqualTo(1))
                .body("recentTranscriptions.transcripts", equalTo(0))
                // news-service is deployed: today's counts are there, and no digest yet is an answer, not a failure
                .body("newsToday.date", notNullValue())
                .body("latestDigest", nullValue())
                .body("degraded", empty());
    }

    /**
     * The news path end to end, as clients reach it through the gateway: an operator adds a feed (served by a local
     * host) and its refresh job stores the items; a user finds them under the feed's category and its parent,
     * subscribes, sees the day's counts, asks for a digest and follows its job live over SSE through the gateway to
     * the written digest (extractive: no chat model is configured), which the dashboard then shows.
     */
    @Test
    void aFeedsItemsBecomeADigestFollowedLiveThroughTheGateway() throws Exception {
        List<String> links = new ArrayList<>();
        String feedPath = "/feeds/" + UUID.randomUUID() + ".xml";
        feedHost.stubFor(get(urlEqualTo(feedPath)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/rss+xml; charset=utf-8").withBody(rss(links))));
        String feedUrl = "http://127.0.0.1:" + feedHost.port() + feedPath;

        String operator = signIn("operator-" + UUID.randomUUID(), true);
        Response created = given().header("Authorization", "Bearer " + operator).contentType("application/json")
                .body(Map.of("url", feedUrl, "category", "ai", "language", "en")).post("/api/feeds");
        created.then().statusCode(201)
                .header("Location", startsWith("/api/feeds/"))
                .body("url", equalTo(feedUrl))
                .body("category", equalTo("ai"));
        String feedId = created.path("id");
        // creating a feed fetches it at once, as a refresh job
        JsonPath feed = awaitFeedFetched(operator, feedId);
        assertEquals(200, feed.getInt("lastStatus"), feed.prettify());
        assertEquals(0, feed.getInt("errorCount"), feed.prettify());
        assertEquals("AI weekly", feed.getString("title"), "the feed's own title when the operator gave none");
        feedHost.verify(1, getRequestedFor(urlEqualTo(feedPath)));

        String user = signIn("reader-" + UUID.randomUUID());
        Response ai = given().header("Authorization", "Bearer " + user).queryParam("category", "ai").get("/api/news");
        ai.then().statusCode(200)
                .body("items.size()", equalTo(links.size()))
                .body("items.feedId", everyItem(equalTo(feedId)))
                .body("items.category", everyItem(equalTo("ai")))
                .body("items.link", everyItem(in(links)))
                .body("items[0].title", equalTo("Open models catch up"));
        List<String> newsIds = ai.path("items.id");
        // a category includes its subcategories
        given().header("Authorization", "Bearer " + user).queryParam("category", "technology").get("/api/news")
                .then().statusCode(200).body("items.id", equalTo(newsIds));
        given().header("Authorization", "Bearer " + user).queryParam("category", "sports").get("/api/news")
                .then().statusCode(200).body("items", empty());

        given().header("Authorization", "Bearer " + user).put("/api/subscriptions/technology")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + user).get("/api/subscriptions").then().statusCode(200)
                .body("find { it.category == 'technology' }.subscribed", equalTo(true));
        given().header("Authorization", "Bearer " + user).header("Time-Zone", "UTC").get("/api/news/stats")
                .then().statusCode(200)
                .body("subscribedOnly", equalTo(true))
                .body("timeZone", equalTo("UTC"))
                .body("total", equalTo(links.size()))
                .body("categories.category", equalTo(List.of("technology")))
                .body("categories[0].count", equalTo(links.size()));

        // the digest, followed live: its job is held back at the start of its work (the items it reads are
        // locked) so that the stream is seen to deliver events while the job is still running
        String key = UUID.randomUUID().toString();
        String location;
        String digestId;
        List<SseStream.Event> events = new ArrayList<>();
        try (Connection news = RealServices.postgres.connect(RealServices.newsDatabase)) {
            news.setAutoCommit(false);
            news.createStatement().execute("LOCK TABLE news_items IN ACCESS EXCLUSIVE MODE");
            Response accepted = given().header("Authorization", "Bearer " + user).header("Idempotency-Key", key)
                    .contentType("application/json").body(Map.of("language", "en", "length", "short"))
                    .post("/api/digests");
            accepted.then().statusCode(202)
                    .header("Location", startsWith("/api/digests/"))
                    .body("status", equalTo("queued"))
                    .body("options.categories", equalTo(List.of("technology")));
            location = accepted.header("Location");
            digestId = accepted.path("id");
            assertEquals("/api/digests/" + digestId, location);
            // a retry with the same key is the same digest
            given().header("Authorization", "Bearer " + user).header("Idempotency-Key", key)
                    .contentType("application/json").body(Map.of("language", "en", "length", "short"))
                    .post("/api/digests")
                    .then().statusCode(202).header("Location", equalTo(location)).body("id", equalTo(digestId));

            try (SseStream stream = SseStream.open(URI.create(gateway() + location + "/events"), user,
                    Duration.ofSeconds(10))) {
                assertEquals(200, stream.response().statusCode());
                assertThat(stream.response().headers().firstValue("Content-Type").orElse(""),
                        startsWith("text/event-stream"));
                events.addAll(stream.until("running", EVENT_TIMEOUT));
                // the client has the job's first events while the job is still at work: nothing was held back
                given().header("Authorization", "Bearer " + user).get(location).then().statusCode(200)
                        .body("status", equalTo("running"));
                // a job at work for longer than the gateway waits for a service's answer to begin: the stream is not
                // cut, and the service's keep-alive comments come through as they are sent
                int commentsBefore = stream.comments();
                Thread.sleep(RealServices.NEWS_TIMEOUT.plusSeconds(1).toMillis());
                assertThat("keep-alive comments while the job was held", stream.comments() - commentsBefore,
                        greaterThanOrEqualTo(3));
                given().header("Authorization", "Bearer " + user).get(location).then().statusCode(200)
                        .body("status", equalTo("running"));
                news.rollback();
                events.addAll(stream.until("succeeded", EVENT_TIMEOUT));
                assertTrue(stream.endsWithin(Duration.ofSeconds(10)), "the stream ends after the final event");
            }
        }
        List<String> names = events.stream().map(SseStream.Event::name).toList();
        assertEquals("queued", names.get(0), names.toString());
        assertEquals("running", names.get(1), names.toString());
        assertEquals("succeeded", names.get(names.size() - 1), names.toString());
        assertTrue(names.subList(2, names.size() - 1).stream().allMatch("progress"::equals), names.toString());
        List<Integer> ids = events.stream().map(event -> Integer.parseInt(event.id())).toList();
        assertEquals(ids.stream().sorted().distinct().toList(), ids, "event ids grow: " + ids);

        JsonPath digest = JsonPath.from(events.get(events.size() - 1).data());
        assertEquals(digestId, digest.getString("id"));
        assertEquals("succeeded", digest.getString("status"));
        assertEquals("extractive", digest.getString("engine"));
        assertThat(digest.getString("content"), containsString("[1]"));
        List<String> citedIds = digest.getList("items.newsId");
        List<String> citedLinks = digest.getList("items.link");
        assertFalse(citedIds.isEmpty(), "the digest cites the items: " + digest.prettify());
        assertThat(citedIds, everyItem(in(newsIds)));
        assertThat(citedLinks, everyItem(in(links)));
        assertEquals(1, digest.getInt("items[0].number"));

        given().header("Authorization", "Bearer " + user).get("/api/digests/latest").then().statusCode(200)
                .body("id", equalTo(digestId))
                .body("status", equalTo("succeeded"))
                .body("engine", equalTo("extractive"))
                .body("items.newsId", equalTo(citedIds));
        // reconnecting after the end gives the final event and the end
        try (SseStream again = SseStream.open(URI.create(gateway() + location + "/events"), user,
                Duration.ofSeconds(10))) {
            assertEquals("succeeded", again.until("succeeded", EVENT_TIMEOUT).getLast().name());
            assertTrue(again.endsWithin(Duration.ofSeconds(10)));
        }

        given().header("Authorization", "Bearer " + user).header("Time-Zone", "UTC").get("/api/dashboard")
                .then().statusCode(200)
                .body("newsToday.subscribedOnly", equalTo(true))
                .body("newsToday.total", equalTo(links.size()))
                .body("newsToday.categories[0].category", equalTo("technology"))
                .body("latestDigest.id", equalTo(digestId))
                .body("latestDigest.engine", equalTo("extractive"))
                .body("degraded.part", not(hasItem("newsToday")))
                .body("degraded.part", not(hasItem("latestDigest")));
    }

    @Test
    void feedsAreForOperatorsOnly() {
        String user = signIn("not-an-operator-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + user).get("/api/feeds").then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("type", equalTo("https://dnevnik.dev/problems/forbidden"));
        given().header("Authorization", "Bearer " + user).contentType("application/json")
                .body(Map.of("url", "http://127.0.0.1:" + feedHost.port() + "/nope.xml", "category", "ai"))
                .post("/api/feeds").then().statusCode(403).contentType("application/problem+json");
        // the service refuses them too, when reached without the gateway
        given().header("Authorization", "Bearer " + user).get(RealServices.newsUrl + "/feeds").then().statusCode(403)
                .contentType("application/problem+json");
        String operator = signIn("operator-" + UUID.randomUUID(), true);
        given().header("Authorization", "Bearer " + operator).get("/api/feeds").then().statusCode(200);
        // what every user may read
        given().header("Authorization", "Bearer " + user).get("/api/categories").then().statusCode(200)
                .body("categories.slug", hasItem("technology"));
    }

    /**
     * The sync path end to end through the gateway: an operator defines a partner source (served by a local stand-in
     * that demands Basic auth), runs it, follows the run to its end and reads the mirrored items; the operator's
     * dashboard shows the run; a user is refused everywhere under /api/sync.
     */
    @Test
    void aPartnerCatalogueIsMirroredByOperatorsOnly() throws InterruptedException {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (RealServices.PARTNER_USER + ":" + RealServices.PARTNER_PASSWORD).getBytes());
        feedHost.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/programs/v1"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(basic))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"total":3,"offset":0,"limit":20,"payment_programs":[
                          {"program_id":"p-1","program_type":"BP"},{"program_id":"p-2","program_type":"EP"},
                          {"program_id":"p-3","program_type":"CPC"}]}""")));
        String operator = signIn("sync-operator-" + UUID.randomUUID(), true);
        String source = given().header("Authorization", "Bearer " + operator).contentType("application/json")
                .body(Map.of("name", "partner programs " + UUID.randomUUID(), "baseUrl", "http://127.0.0.1:" + feedHost.port(),
                        "path", "/programs/v1", "query", Map.of("program_status", "ALL"),
                        "auth", Map.of("type", "basic", "usernameEnv", RealServices.PARTNER_USER_ENV,
                                "passwordEnv", RealServices.PARTNER_PASSWORD_ENV),
                        "itemsPointer", "/payment_programs", "totalPointer", "/total", "idPointer", "/program_id"))
                .post("/api/sync/sources").then().statusCode(201).extract().path("id");

        Response started = given().header("Authorization", "Bearer " + operator)
                .post("/api/sync/sources/" + source + "/runs");
        started.then().statusCode(202).header("Location", startsWith("/api/sync/runs/"));
        JsonPath run = awaitRunEnded(operator, started.header("Location"));
        assertEquals("succeeded", run.getString("status"), run.prettify());
        assertEquals(3, run.getInt("stats.added"));
        given().header("Authorization", "Bearer " + operator).get("/api/sync/sources/" + source + "/items").then()
                .statusCode(200).body("items.id", hasItem("p-2"));
        given().header("Authorization", "Bearer " + operator).get("/api/dashboard").then().statusCode(200)
                .body("syncRuns.id", hasItem(run.getString("id")))
                .body("degraded.part", not(hasItem("syncRuns")));

        String user = signIn("sync-user-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + user).get("/api/sync/sources").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + user).post("/api/sync/sources/" + source + "/runs").then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + user).get(RealServices.syncUrl + "/sync/runs").then()
                .statusCode(403).contentType("application/problem+json");
    }

    private static JsonPath awaitRunEnded(String operator, String location) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonPath run = given().header("Authorization", "Bearer " + operator).get(location).then().statusCode(200)
                    .extract().jsonPath();
            if (!List.of("queued", "running").contains(run.getString("status"))) {
                return run;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the run did not end within 30 s: " + run.prettify());
            }
            Thread.sleep(100);
        }
    }

    private static String gateway() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    private static JsonPath awaitFeedFetched(String operator, String feedId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonPath feed = given().header("Authorization", "Bearer " + operator).get("/api/feeds/" + feedId)
                    .then().statusCode(200).extract().jsonPath();
            if (feed.get("lastFetchedAt") != null) {
                return feed;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the feed was not fetched within 30 s: " + feed.prettify());
            }
            Thread.sleep(100);
        }
    }

    /** An RSS 2.0 feed of three items published today (UTC), newest first; their links are added to {@code links}. */
    private static String rss(List<String> links) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        String[][] items = {
            { "Open models catch up", "Open language models now match closed ones on most benchmarks. "
                    + "Researchers say open models lower the cost of building assistants." },
            { "Chip makers race for AI demand", "Chip makers expand factories as demand for AI accelerators grows. "
                    + "Analysts expect AI chip supply to stay tight next year." },
            { "Regulators draft AI rules", "Regulators publish draft rules for AI models used in hiring. "
                    + "The rules ask AI vendors to explain automated decisions." } };
        StringBuilder rss = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>AI weekly</title><link>https://ai.example.org/</link>
                <description>News about AI</description>
                """);
        for (int i = 0; i < items.length; i++) {
            Instant published = now.minusSeconds(60L * (i + 1));
            published = published.isBefore(today) ? today : published;
            String link = "https://ai.example.org/articles/" + (i + 1);
            links.add(link);
            rss.append("<item><title>").append(items[i][0]).append("</title><link>").append(link)
                    .append("</link><guid>").append(link).append("</guid><description>").append(items[i][1])
                    .append("</description><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(published.atOffset(ZoneOffset.UTC)))
                    .append("</pubDate></item>\n");
        }
        return rss.append("</channel></rss>\n").toString();
    }
}

