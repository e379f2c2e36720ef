package dev.dnevnik.news.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dnevnik.common.hash.Sha256;

class FeedParserTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    private final FeedParser parser = new FeedParser();

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = FeedParserTest.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        }
    }

    private ParsedFeed parse(String name, String url) throws IOException {
        return parser.parse(sample(name), "application/rss+xml", URI.create(url));
    }

    @Test
    void readsRss2WithCdataHtmlRelativeLinksAndMissingDates() throws IOException {
        ParsedFeed feed = parse("rss2-news.xml", "https://news.example.com/rss");

        assertEquals("Городские новости & события", feed.title());
        assertEquals(Duration.ofMinutes(30), feed.ttl());
        List<ParsedItem> items = feed.items();
        assertEquals(5, items.size());

        ParsedItem park = items.get(0);
        assertEquals("Мэрия открыла новый парк", park.title(), "markup in a title is dropped");
        assertEquals("В субботу открылся парк. Второй абзац с переносом.", park.summary(),
                "HTML as text: entities decoded, scripts gone, whitespace collapsed");
        assertEquals("https://news.example.com/city/2025/11/park", park.link(), "relative link made absolute");
        assertEquals(Instant.parse("2025-11-03T06:30:00Z"), park.published());
        assertEquals(Sha256.hex("news-1001"), park.key());

        ParsedItem noDate = items.get(1);
        assertNull(noDate.published(), "no date: the caller uses the time it first saw the item");
        assertEquals("Новость без даты публикации курсивом", noDate.summary());

        ParsedItem untitled = items.get(2);
        assertTrue(untitled.title().startsWith("Заголовка нет, но есть текст"), untitled.title());
        assertTrue(untitled.title().length() <= 100);
        assertEquals(Sha256.hex("https://news.example.com/city/untitled"), untitled.key(), "no guid: the link");

        ParsedItem contentOnly = items.get(3);
        assertEquals("Only content:encoded here", contentOnly.summary());
        assertNull(contentOnly.link(), "only http(s) links are kept");

        assertEquals("Tabs and spaces", items.get(4).title());
        assertEquals("plain text description", items.get(4).summary());
    }

    @Test
    void readsRss1Rdf() throws IOException {
        ParsedFeed feed = parse("rss1-rdf.xml", "https://science.example.org/rss");

        assertEquals("Science Daily Digest", feed.title());
        assertEquals(Duration.ofMinutes(30), feed.ttl(), "sy:updatePeriod hourly, twice");
        assertEquals(2, feed.items().size());
        ParsedItem comet = feed.items().get(0);
        assertEquals("Comet spotted", comet.title());
        assertEquals("https://science.example.org/a/1", comet.link());
        assertEquals(Instant.parse("2025-11-02T18:00:00Z"), comet.published());
        assertEquals(Instant.parse("2025-11-01T09:15:00Z"), feed.items().get(1).published());
    }

    @Test
    void readsRss091WithItsNetscapeDoctypeDroppedUnread() throws IOException {
        ParsedFeed feed = parse("rss091.xml", "http://oldschool.example.net/rss.xml");

        assertEquals("Old School Weekly", feed.title());
        assertEquals(2, feed.items().size());
        assertEquals("Café reopens", feed.items().get(0).title(), "ISO-8859-1 declared in the prolog");
        assertEquals("The café on Main Street reopens on Monday.", feed.items().get(0).summary());
        assertNull(feed.items().get(1).summary());
        assertNull(feed.items().get(1).published());
    }

    @Test
    void readsAtomResolvingAgainstXmlBase() throws IOException {
        ParsedFeed feed = parse("atom.xml", "https://blog.example.dev/atom.xml");

        assertEquals("Engineering Blog", feed.title());
        assertNull(feed.ttl());
        List<ParsedItem> items = feed.items();
        assertEquals(3, items.size());

        ParsedItem reactive = items.get(0);
        assertEquals("Reactive all the way", reactive.title());
        assertEquals("Why nothing blocks.", reactive.summary());
        assertEquals("https://blog.example.dev/posts/reactive", reactive.link());
        assertEquals(Instant.parse("2025-11-01T08:00:00Z"), reactive.published(), "published wins over updated");
        assertEquals(Sha256.hex("tag:blog.example.dev,2025:post-1"), reactive.key());

        assertEquals(Instant.parse("2025-11-03T11:00:00Z"), items.get(1).published(), "else updated");
        assertEquals("XHTML content", items.get(1).summary());

        assertEquals("a < b and c > d", items.get(2).title());
        assertEquals("Plain text summary with <tags> shown as text", items.get(2).summary());
    }

    @Test
    void decodesWindows1251DeclaredInTheProlog() {
        String xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>"
                + "<title>Новости Украины</title><link>https://ua.example/</link>"
                + "<item><title>Київ: відкрито метро</title><link>https://ua.example/1</link>"
                + "<description>Щось сталося в Харкові</description></item></channel></rss>";

        // a server that adds a wrong default charset does not win over the document's own declaration
        ParsedFeed feed = parser.parse(xml.getBytes(CP1251), "text/xml; charset=utf-8", URI.create("https://ua.example/rss"));

        assertEquals("Новости Украины", feed.title());
        assertEquals("Київ: відкрито метро", feed.items().get(0).title());
        assertEquals("Щось сталося в Харкові", feed.items().get(0).summary());
    }

    @Test
    void decodesWindows1251NamedOnlyByContentType() {
        String xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Лента</title>"
                + "<item><title>Погода в Москве</title><link>https://ru.example/1</link></item></channel></rss>";

        ParsedFeed feed = parser.parse(xml.getBytes(CP1251), "application/rss+xml; charset=\"windows-1251\"",
                URI.create("https://ru.example/rss"));

        assertEquals("Лента", feed.title());
        assertEquals("Погода в Москве", feed.items().get(0).title());
    }

    @Test
    void decodesUtf8WithByteOrderMarkWhateverTheHeaderSays() {
        String xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Ёлка</title></channel></rss>";
        byte[] utf8 = xml.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);

        assertEquals("Ёлка", parser.parse(withBom, "text/xml; charset=windows-1251", URI.create("https://x.example/"))
                .title());
    }

    @Test
    void defaultsToUtf8WhenNothingSaysOtherwise() {
        String xml = "<rss version=\"2.0\"><channel><title>Привіт</title></channel></rss>";

        assertEquals("Привіт", parser.parse(xml.getBytes(StandardCharsets.UTF_8), null,
                URI.create("https://x.example/")).title());
    }

    @Test
    void refusesExternalEntityWithoutReadingTheFile(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "CANARY-7f3a");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + "<rss version=\"2.0\"><channel><title>&s;</title><item><title>&s;</title>"
                + "<link>https://evil.example/1</link></item></channel></rss>";

        FeedParseException refused = assertThrows(FeedParseException.class,
                () -> parser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/rss+xml",
                        URI.create("https://evil.example/rss")));

        assertEquals("refused: the document declares a DOCTYPE", refused.reason());
        assertFalse(refused.getMessage().contains("CANARY"));
    }

    @Test
    void refusesTheXxeSample() {
        FeedParseException refused = assertThrows(FeedParseException.class,
                () -> parse("xxe.xml", "https://evil.example.com/rss"));

        assertEquals("refused: the document declares a DOCTYPE", refused.reason());
    }

    @Test
    void refusesEntityExpansionBomb() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<rss version=\"2.0\"><channel><title>&b;</title></channel></rss>";

        assertThrows(FeedParseException.class, () -> parser.parse(xml.getBytes(StandardCharsets.UTF_8), null,
                URI.create("https://evil.example/rss")));
    }

    @Test
    void givesTheSameKeyForTheSameGuidAcrossFetches() throws IOException {
        ParsedFeed first = parse("rss2-news.xml", "https://news.example.com/rss");
        String changed = new String(sample("rss2-news.xml"), StandardCharsets.UTF_8)
                .replace("новый парк", "новый большой парк");
        ParsedFeed second = parser.parse(changed.getBytes(StandardCharsets.UTF_8), null,
                URI.create("https://news.example.com/rss"));

        assertEquals(first.items().get(0).key(), second.items().get(0).key(), "an edited item stays the same item");
        assertEquals("Мэрия открыла новый большой парк", second.items().get(0).title());
    }

    @Test
    void keepsDistinctItemsThatRepeatAGuidAndDropsExactRepeats() throws IOException {
        List<ParsedItem> items = parse("duplicate-guids.xml", "https://sloppy.example.com/rss").items();

        assertEquals(List.of("First story", "Second story", "Repeated story", "No guid", "Neither guid nor link"),
                items.stream().map(ParsedItem::title).toList());
        Set<String> keys = new HashSet<>();
        items.forEach(item -> keys.add(item.key()));
        assertEquals(5, keys.size(), "every item its own key");
        assertNotEquals(Sha256.hex("same-guid"), items.get(0).key(), "a shared guid alone no longer identifies");
        assertEquals(Sha256.hex("unique-guid"), items.get(2).key(), "identical repeats: one item, the guid's key");
        assertEquals(Sha256.hex("https://sloppy.example.com/no-guid"), items.get(3).key());
        assertEquals(Sha256.hex("Neither guid nor link\nKeyed by title and content"), items.get(4).key());
    }

    @Test
    void stripsNulAndOtherCharactersXmlForbids() {
        String xml = "<rss version=\"2.0\"><channel><title>A\u0000B\u0007C</title><item><title>x\u0000y</title>"
                + "<description>p\u0000q</description></item></channel></rss>";

        ParsedFeed feed = parser.parse(xml.getBytes(StandardCharsets.UTF_8), null, URI.create("https://x.example/"));

        assertEquals("ABC", feed.title());
        assertEquals("xy", feed.items().get(0).title());
        assertEquals("pq", feed.items().get(0).summary());
    }

    @Test
    void capsLongSummaries() {
        String xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>long</title><description>"
                + "word ".repeat(1000) + "</description></item></channel></rss>";

        String summary = parser.parse(xml.getBytes(StandardCharsets.UTF_8), null, URI.create("https://x.example/"))
                .items().get(0).summary();

        assertTrue(summary.length() <= 2000, "length " + summary.length());
        assertTrue(summary.endsWith("…"));
    }

    @Test
    void refusesGarbageWithAShortReason() {
        FeedParseException html = assertThrows(FeedParseException.class, () -> parser.parse(
                "<html><body>Not a feed</body></html>".getBytes(StandardCharsets.UTF_8), "text/html",
                URI.create("https://x.example/")));
        FeedParseException binary = assertThrows(FeedParseException.class, () -> parser.parse(
                new byte[] { 1, 2, 3, (byte) 0xff, 0x3c }, null, URI.create("https://x.example/")));
        FeedParseException empty = assertThrows(FeedParseException.class, () -> parser.parse(
                new byte[0], null, URI.create("https://x.example/")));

        // the parser's own explanation (the refresh job prefixes "not a feed: "), in the native executable too
        assertFalse(html.reason().startsWith("not a feed"), html.reason());
        assertEquals("Invalid XML: Error on line 1: Content is not allowed in prolog.", binary.reason());
        assertTrue(html.reason().length() <= 175 && binary.reason().length() <= 175);
        assertEquals("empty document", empty.reason());
    }
}
