package dev.dnevnik.news.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.dnevnik.news.feed.FeedFetchException.Kind;
import io.vertx.mutiny.core.Vertx;

/**
 * The fetcher against WireMock on 127.0.0.1 (allow-listed), reached through names a stub resolver maps; SSRF cases
 * map names to private addresses and prove that no connection was even attempted.
 */
class FeedFetcherTest {

    private static final String RSS = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
            + "<item><title>One</title><link>https://example.com/1</link></item></channel></rss>";

    private static WireMockServer server;
    private static Vertx vertx;
    private static VertxHttpConnector vertxConnector;

    private StubResolver resolver;
    private CountingConnector connector;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                // bodies go out as the stubs say: compression is what the tests choose
                .gzipDisabled(true));
        server.start();
        vertx = Vertx.vertx();
        vertxConnector = new VertxHttpConnector(vertx, TestFeedsConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.stop();
        vertxConnector.close().await().atMost(Duration.ofSeconds(5));
        vertx.closeAndAwait();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        resolver = new StubResolver().map("feeds.test", "127.0.0.1");
        connector = new CountingConnector(vertxConnector);
    }

    private FeedFetcher fetcher(TestFeedsConfig config) {
        return new FeedFetcher(config, resolver, connector, Clock.systemUTC());
    }

    private FeedFetcher fetcher() {
        return fetcher(TestFeedsConfig.defaults());
    }

    private URI url(String path) {
        return URI.create("http://feeds.test:" + server.port() + path);
    }

    private static FetchResult await(io.smallrye.mutiny.Uni<FetchResult> fetch) {
        return fetch.await().atMost(Duration.ofSeconds(15));
    }

    private static FeedFetchException failure(io.smallrye.mutiny.Uni<FetchResult> fetch) {
        return assertThrows(FeedFetchException.class, () -> await(fetch));
    }

    @Test
    void fetchesFeedAskingForFeedsAndCompressionWithTheNameAsHost() {
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/rss+xml; charset=utf-8")
                .withHeader("ETag", "\"v1\"").withHeader("Last-Modified", "Mon, 03 Nov 2025 10:00:00 GMT")
                .withBody(RSS)));

        FetchResult result = await(fetcher().fetch(url("/feed.xml"), null, null));

        assertEquals(200, result.status());
        assertFalse(result.notModified());
        assertEquals(RSS, new String(result.body(), StandardCharsets.UTF_8));
        assertEquals("application/rss+xml; charset=utf-8", result.contentType());
        assertEquals("\"v1\"", result.etag());
        assertEquals("Mon, 03 Nov 2025 10:00:00 GMT", result.lastModified());
        assertEquals(url("/feed.xml"), result.finalUri());
        server.verify(getRequestedFor(urlEqualTo("/feed.xml"))
                .withHeader("Accept", containing("application/rss+xml"))
                .withHeader("Accept", containing("application/atom+xml"))
                .withHeader("Accept-Encoding", equalTo("gzip, deflate"))
                .withHeader("User-Agent", equalTo("Dnevnik-FeedFetcher/test"))
                .withHeader("Host", equalTo("feeds.test:" + server.port()))
                .withoutHeader("If-None-Match").withoutHeader("If-Modified-Since"));
        assertEquals(List.of("127.0.0.1:" + server.port()), connector.servers);
    }

    @Test
    void asksForICalendarWhenFetchingACalendar() {
        server.stubFor(get("/events.ics").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/calendar").withBody("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")));

        await(fetcher().fetch(url("/events.ics"), null, null, FeedFetcher.Format.ICALENDAR));

        server.verify(getRequestedFor(urlEqualTo("/events.ics")).withHeader("Accept", containing("text/calendar")));
    }

    @Test
    void sendsValidatorsAndReportsNotModified() {
        server.stubFor(get("/feed.xml").withHeader("If-None-Match", equalTo("\"v1\""))
                .withHeader("If-Modified-Since", equalTo("Mon, 03 Nov 2025 10:00:00 GMT"))
                .willReturn(aResponse().withStatus(304).withHeader("Cache-Control", "max-age=900")));

        FetchResult result = await(fetcher().fetch(url("/feed.xml"), "\"v1\"", "Mon, 03 Nov 2025 10:00:00 GMT"));

        assertTrue(result.notModified());
        assertEquals(304, result.status());
        assertNull(result.body());
        assertEquals("\"v1\"", result.etag(), "the validators sent are kept when the 304 repeats none");
        assertEquals("Mon, 03 Nov 2025 10:00:00 GMT", result.lastModified());
        assertEquals(Duration.ofMinutes(15), result.maxAge());
    }

    @Test
    void readsRefreshHintsRelativeToTheServersDate() {
        ZonedDateTime date = ZonedDateTime.of(2020, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC); // a server clock years off
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(200)
                .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date))
                .withHeader("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.plusHours(2)))
                .withHeader("Cache-Control", "public, max-age=3600").withHeader("Age", "600")
                .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.plusMinutes(30)))
                .withBody(RSS)));

        FetchResult result = await(fetcher().fetch(url("/feed.xml"), null, null));

        assertEquals(Duration.ofMinutes(50), result.maxAge(), "max-age less Age");
        assertEquals(Duration.ofHours(2), result.expiresIn());
        assertEquals(Duration.ofMinutes(30), result.retryAfter());
    }

    @Test
    void ignoresFreshnessWhenTheServerSaysNoCache() {
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(200)
                .withHeader("Cache-Control", "no-cache, max-age=60")
                .withHeader("Expires", "Thu, 01 Jan 2099 00:00:00 GMT").withBody(RSS)));

        FetchResult result = await(fetcher().fetch(url("/feed.xml"), null, null));

        assertNull(result.maxAge());
        assertNull(result.expiresIn());
    }

    @Test
    void decompressesGzipBody() throws IOException {
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Encoding", "gzip").withBody(gzip(RSS.getBytes(StandardCharsets.UTF_8)))));

        FetchResult result = await(fetcher().fetch(url("/feed.xml"), null, null));

        assertEquals(RSS, new String(result.body(), StandardCharsets.UTF_8));
    }

    @Test
    void decompressesDeflateBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(RSS.getBytes(StandardCharsets.UTF_8));
        }
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Encoding", "deflate").withBody(out.toByteArray())));

        assertEquals(RSS, new String(await(fetcher().fetch(url("/feed.xml"), null, null)).body(),
                StandardCharsets.UTF_8));
    }

    @Test
    void refusesGzipBombBeyondTheCapAfterDecompression() throws IOException {
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MB of zeros in ~50 KB
        assertTrue(bomb.length < 100 * 1024);
        server.stubFor(get("/bomb.xml").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Encoding", "gzip").withBody(bomb)));

        FeedFetchException refused = failure(fetcher().fetch(url("/bomb.xml"), null, null));

        assertEquals(Kind.TOO_LARGE, refused.kind());
        assertEquals("body exceeds 1 MB after decompression", refused.reason());
    }

    @Test
    void refusesBodyLargerThanTheCapAsReceived() {
        server.stubFor(get("/big.xml").willReturn(aResponse().withStatus(200).withBody(new byte[1024 * 1024 + 1])));

        FeedFetchException refused = failure(fetcher().fetch(url("/big.xml"), null, null));

        assertEquals(Kind.TOO_LARGE, refused.kind());
        assertEquals("body exceeds 1 MB", refused.reason());
    }

    @Test
    void refusesChunkedBodyTheMomentItCrossesTheCap() {
        server.stubFor(get("/chunked.xml").willReturn(aResponse().withStatus(200)
                .withChunkedDribbleDelay(8, 200).withBody(new byte[64 * 1024])));

        FeedFetchException refused = failure(fetcher(TestFeedsConfig.defaults().withMaxBodyBytes(16 * 1024))
                .fetch(url("/chunked.xml"), null, null));

        assertEquals("body exceeds 16 KB", refused.reason());
    }

    @Test
    void followsRedirectChainResolvingRelativeLocations() {
        server.stubFor(get("/a").willReturn(aResponse().withStatus(301).withHeader("Location", "/b?x=1")));
        server.stubFor(get("/b?x=1").willReturn(aResponse().withStatus(302).withHeader("Location", "c")));
        server.stubFor(get("/c").willReturn(aResponse().withStatus(200).withBody(RSS)));

        FetchResult result = await(fetcher().fetch(url("/a"), "\"v0\"", null));

        assertEquals(url("/c"), result.finalUri());
        assertFalse(result.movedPermanently(), "a 302 on the way: the feed's URL stays");
        assertEquals(3, connector.attempts());
        server.verify(getRequestedFor(urlEqualTo("/c")).withHeader("If-None-Match", equalTo("\"v0\"")));
    }

    @Test
    void reportsAPermanentMoveWhenEveryRedirectIsPermanent() {
        server.stubFor(get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/older")));
        server.stubFor(get("/older").willReturn(aResponse().withStatus(308)
                .withHeader("Location", "http://feeds.test:" + server.port() + "/new")));
        server.stubFor(get("/new").willReturn(aResponse().withStatus(200).withBody(RSS)));

        FetchResult result = await(fetcher().fetch(url("/old"), null, null));

        assertTrue(result.movedPermanently());
        assertEquals(url("/new"), result.finalUri());
    }

    @Test
    void refusesTooManyRedirects() {
        for (int i = 0; i < 4; i++) {
            server.stubFor(get("/r" + i).willReturn(aResponse().withStatus(307).withHeader("Location", "/r" + (i + 1))));
        }

        FeedFetchException refused = failure(fetcher(TestFeedsConfig.defaults().withMaxRedirects(2))
                .fetch(url("/r0"), null, null));

        assertEquals(Kind.TOO_MANY_REDIRECTS, refused.kind());
        assertEquals("too many redirects (more than 2)", refused.reason());
        assertEquals(3, connector.attempts());
    }

    @Test
    void refusesRedirectToPrivateNameWithoutConnectingToIt() {
        resolver.map("intranet.test", "10.0.0.5");
        server.stubFor(get("/a").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://intranet.test/admin")));

        FeedFetchException refused = failure(fetcher().fetch(url("/a"), null, null));

        assertEquals(Kind.REFUSED, refused.kind());
        assertEquals("refused: 10.0.0.5 is a private address", refused.reason());
        assertEquals(List.of("127.0.0.1:" + server.port()), connector.servers, "only the first hop connected");
    }

    @Test
    void refusesRedirectToAnotherScheme() {
        server.stubFor(get("/a").willReturn(aResponse().withStatus(302).withHeader("Location", "file:///etc/passwd")));

        FeedFetchException refused = failure(fetcher().fetch(url("/a"), null, null));

        assertEquals(Kind.REFUSED, refused.kind());
        assertEquals(1, connector.attempts());
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.5, refused: 10.0.0.5 is a private address",
            "192.168.1.10, refused: 192.168.1.10 is a private address",
            "169.254.169.254, refused: 169.254.169.254 is a link-local address",
            "::1, refused: 0:0:0:0:0:0:0:1 is a loopback address",
            "100.64.0.1, refused: 100.64.0.1 is a shared (carrier-grade NAT) address",
            "0.0.0.0, refused: 0.0.0.0 is an unspecified address",
            "fd00::1, refused: fd00:0:0:0:0:0:0:1 is a private address" })
    void refusesPublicLookingNameResolvingToSpecialAddressWithoutConnecting(String address, String reason) {
        resolver.map("news.example.com", address);

        FeedFetchException refused = failure(fetcher()
                .fetch(URI.create("https://news.example.com/rss"), null, null));

        assertEquals(Kind.REFUSED, refused.kind());
        assertEquals(reason, refused.reason());
        assertEquals(0, connector.attempts());
    }

    @Test
    void refusesLoopbackWhenNotAllowListedWithoutConnecting() {
        FeedFetchException refused = failure(fetcher(TestFeedsConfig.defaults().withAllowed(List.of()))
                .fetch(url("/feed.xml"), null, null));

        assertEquals("refused: 127.0.0.1 is a loopback address", refused.reason());
        assertEquals(0, connector.attempts());
        assertEquals(0, server.getAllServeEvents().size());
    }

    @Test
    void connectsOnlyToTheAllowedAddressOfAMixedAnswer() {
        resolver.map("mixed.test", "10.0.0.5", "127.0.0.1");
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(200).withBody(RSS)));

        await(fetcher().fetch(URI.create("http://mixed.test:" + server.port() + "/feed.xml"), null, null));

        assertEquals(List.of("127.0.0.1:" + server.port()), connector.servers);
    }

    @ParameterizedTest
    @ValueSource(strings = { "file:///etc/passwd", "ftp://feeds.test/feed.xml", "gopher://feeds.test/",
            "jar:file:/x.jar!/feed.xml" })
    void refusesSchemesOtherThanHttpWithoutConnecting(String url) {
        FeedFetchException refused = failure(fetcher().fetch(URI.create(url), null, null));

        assertEquals(Kind.REFUSED, refused.kind());
        assertEquals(0, connector.attempts());
    }

    @Test
    void timesOutAfterTheRequestTimeout() {
        server.stubFor(get("/slow.xml").willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody(RSS)));

        FeedFetchException refused = failure(fetcher(TestFeedsConfig.defaults()
                .withRequestTimeout(Duration.ofMillis(300))).fetch(url("/slow.xml"), null, null));

        assertEquals(Kind.TIMEOUT, refused.kind());
        assertEquals("timed out after 300ms", refused.reason());
    }

    @Test
    void deliversTheTimeoutOnTheCallersVertxContext() throws Exception {
        server.stubFor(get("/slow.xml").willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody(RSS)));
        FeedFetcher fetcher = fetcher(TestFeedsConfig.defaults().withRequestTimeout(Duration.ofMillis(200)));
        io.vertx.core.Context context = vertx.getDelegate().getOrCreateContext();
        java.util.concurrent.CompletableFuture<Boolean> onContext = new java.util.concurrent.CompletableFuture<>();

        context.runOnContext(started -> fetcher.fetch(url("/slow.xml"), null, null).subscribe().with(
                item -> onContext.completeExceptionally(new AssertionError("no timeout")),
                failure -> onContext.complete(io.vertx.core.Vertx.currentContext() == context
                        && failure instanceof FeedFetchException f && f.kind() == Kind.TIMEOUT)));

        assertTrue(onContext.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void reportsServerErrorWithItsRetryAfter() {
        server.stubFor(get("/feed.xml").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")
                .withBody("<html>down for maintenance</html>")));

        FeedFetchException refused = failure(fetcher().fetch(url("/feed.xml"), null, null));

        assertEquals(Kind.HTTP_STATUS, refused.kind());
        assertEquals("HTTP 503", refused.reason());
        assertEquals(503, refused.status());
        assertEquals(Duration.ofSeconds(120), refused.retryAfter());
    }

    @Test
    void reportsNotFoundAsFailure() {
        server.stubFor(get("/gone.xml").willReturn(aResponse().withStatus(404)));

        FeedFetchException refused = failure(fetcher().fetch(url("/gone.xml"), null, null));

        assertEquals("HTTP 404", refused.reason());
        assertNull(refused.retryAfter());
    }

    @Test
    void reportsUnknownHost() {
        FeedFetchException refused = failure(fetcher().fetch(URI.create("http://nowhere.test/feed"), null, null));

        assertEquals(Kind.CONNECTION, refused.kind());
        assertEquals("unknown host nowhere.test", refused.reason());
        assertEquals(0, connector.attempts());
    }

    @Test
    void reportsRefusedConnection() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        FeedFetchException refused = failure(fetcher()
                .fetch(URI.create("http://feeds.test:" + closedPort + "/feed"), null, null));

        assertEquals(Kind.CONNECTION, refused.kind());
        assertEquals("connection refused", refused.reason());
    }

    @Test
    void keepsTheBodyBytesExactly() {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        server.stubFor(get("/bin").willReturn(aResponse().withStatus(200).withBody(bytes)));

        assertArrayEquals(bytes, await(fetcher().fetch(url("/bin"), null, null)).body());
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }
}
