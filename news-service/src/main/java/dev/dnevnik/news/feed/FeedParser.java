package dev.dnevnik.news.feed;

import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.module.SyModule;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;

import dev.dnevnik.common.hash.Sha256;

/**
 * Reads RSS 0.9x, 1.0 (RDF), 2.0 and Atom with ROME from fetched bytes.
 * <ul>
 * <li>Charset: a byte-order mark, else the XML declaration's encoding, else the Content-Type's charset, else UTF-8
 * (the declaration wins over the header: feeds are files whose authors declare what they wrote, while servers often
 * add a wrong default). Characters XML forbids (NUL among them) are removed before parsing.</li>
 * <li>DOCTYPE declarations are refused (no external entities, no entity expansion), except Netscape's public RSS 0.91
 * declaration without an internal subset, which old feeds carry and which is dropped unread.</li>
 * <li>Items: text sanitised with jsoup, links made absolute (against the feed's link, then the feed's URL) and kept
 * only when http(s), dates from published else updated.</li>
 * <li>Keys: SHA-256 hex of the guid/id, else of the link, else of title and summary. Items repeating a guid but
 * differing are all kept, each keyed by a hash of guid, link, title and summary; exact repeats are dropped.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public class FeedParser {

    static final int MAX_TITLE = 500;
    static final int MAX_SUMMARY = 2000;
    private static final int TITLE_FROM_SUMMARY = 100;
    static final String DOCTYPE_REFUSED = "refused: the document declares a DOCTYPE";

    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._:-]*)[\"']");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)");
    private static final Pattern NOT_XML_CHAR =
            Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");
    private static final Pattern NETSCAPE_RSS_091_DOCTYPE = Pattern.compile(
            "<!DOCTYPE\\s+rss\\s+PUBLIC\\s+\"-//Netscape Communications//DTD RSS 0\\.91//EN\"(\\s+\"[^\"\\[>]*\")?\\s*>");

    /**
     * @param body        the fetched bytes (decompressed)
     * @param contentType the response's Content-Type, or null
     * @param feedUrl     the URL the feed was fetched from (after redirects): the last base for relative links
     * @throws FeedParseException with a short reason when the bytes are not a readable feed
     */
    public ParsedFeed parse(byte[] body, String contentType, URI feedUrl) {
        if (body == null || body.length == 0) {
            throw new FeedParseException("empty document");
        }
        String xml = prepare(decode(body, contentType));
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            input.setXmlHealerOn(true);
            input.setPreserveWireFeed(true);
            feed = input.build(new StringReader(xml));
        } catch (FeedException | RuntimeException e) {
            throw refusal(e);
        }
        URI base = feedUrl;
        URI feedLink = FeedUrls.resolve(feedUrl, feed.getLink());
        if (feedLink != null) {
            base = feedLink;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            Candidate candidate = candidate(entry, base);
            if (candidate != null) {
                candidates.add(candidate);
            }
        }
        return new ParsedFeed(FeedText.fromHtml(feed.getTitle(), MAX_TITLE), ttl(feed), keyed(candidates));
    }

    /** The decoded text: BOM, XML declaration, Content-Type charset, UTF-8 — in that order. */
    static String decode(byte[] body, String contentType) {
        int bom = 0;
        Charset charset = null;
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            bom = 3;
            charset = StandardCharsets.UTF_8;
        } else if (startsWith(body, 0xFE, 0xFF)) {
            bom = 2;
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(body, 0xFF, 0xFE)) {
            bom = 2;
            charset = StandardCharsets.UTF_16LE;
        } else if (startsWith(body, 0x00, 0x3C, 0x00, 0x3F)) {
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(body, 0x3C, 0x00, 0x3F, 0x00)) {
            charset = StandardCharsets.UTF_16LE;
        }
        if (charset == null) {
            charset = declaredEncoding(body);
        }
        if (charset == null && contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                charset = charsetNamed(m.group(1));
            }
        }
        if (charset == null) {
            charset = StandardCharsets.UTF_8;
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(body, bom, body.length - bom))
                    .toString();
        } catch (CharacterCodingException cannotHappenWhenReplacing) {
            throw new FeedParseException("undecodable text in " + charset.name());
        }
    }

    /** The encoding an ASCII-compatible XML declaration names, or null. */
    private static Charset declaredEncoding(byte[] body) {
        int start = 0;
        while (start < body.length && start < 64 && isSpace(body[start])) {
            start++;
        }
        if (!startsAt(body, start, '<', '?', 'x', 'm', 'l')) {
            return null;
        }
        int end = start;
        int limit = Math.min(body.length, start + 512);
        while (end < limit && body[end] != '>') {
            end++;
        }
        Matcher m = ENCODING.matcher(new String(body, start, end - start, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return null;
        }
        Charset declared = charsetNamed(m.group(1));
        // a declaration readable as ASCII cannot be true when it names UTF-16/32: ignore it
        if (declared == null || !declared.newEncoder().canEncode('<') || declared.name().startsWith("UTF-16")
                || declared.name().startsWith("UTF-32")) {
            return null;
        }
        return declared;
    }

    private static Charset charsetNamed(String name) {
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** Text the XML parser accepts: forbidden characters removed, leading junk and the old Netscape DTD dropped. */
    private static String prepare(String text) {
        String xml = NOT_XML_CHAR.matcher(text).replaceAll("");
        int start = 0;
        while (start < xml.length() && (Character.isWhitespace(xml.charAt(start)) || xml.charAt(start) == '\uFEFF')) {
            start++;
        }
        xml = xml.substring(start);
        Matcher doctype = NETSCAPE_RSS_091_DOCTYPE.matcher(xml);
        if (doctype.find() && doctype.start() < 1024) {
            xml = xml.substring(0, doctype.start()) + xml.substring(doctype.end());
        }
        if (declaresDoctype(xml)) {
            // refused here, before any parser sees it: the parser's own refusal is the second line of defence, and
            // its wording is not ours to rely on
            throw new FeedParseException(DOCTYPE_REFUSED);
        }
        return xml;
    }

    /** Whether a DOCTYPE comes before the root element (after the XML declaration, processing instructions, comments). */
    static boolean declaresDoctype(String xml) {
        int at = 0;
        while (at < xml.length()) {
            if (Character.isWhitespace(xml.charAt(at))) {
                at++;
            } else if (xml.startsWith("<?", at)) {
                int end = xml.indexOf("?>", at + 2);
                if (end < 0) {
                    return false;
                }
                at = end + 2;
            } else if (xml.startsWith("<!--", at)) {
                int end = xml.indexOf("-->", at + 4);
                if (end < 0) {
                    return false;
                }
                at = end + 3;
            } else {
                return xml.startsWith("<!DOCTYPE", at);
            }
        }
        return false;
    }

    private static FeedParseException refusal(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("DOCTYPE")) {
            return new FeedParseException(DOCTYPE_REFUSED);
        }
        String oneLine = message.replaceAll("\\s+", " ").strip();
        if (oneLine.length() > 160) {
            oneLine = oneLine.substring(0, 160) + "…";
        }
        return new FeedParseException(oneLine);
    }

    private static Duration ttl(SyndFeed feed) {
        WireFeed wire = feed.originalWireFeed();
        if (wire instanceof Channel channel && channel.getTtl() > 0) {
            return Duration.ofMinutes(channel.getTtl());
        }
        if (feed.getModule(SyModule.URI) instanceof SyModule sy && sy.getUpdatePeriod() != null) {
            Duration period = switch (sy.getUpdatePeriod().strip().toLowerCase(Locale.ROOT)) {
                case SyModule.HOURLY -> Duration.ofHours(1);
                case SyModule.DAILY -> Duration.ofDays(1);
                case SyModule.WEEKLY -> Duration.ofDays(7);
                case SyModule.MONTHLY -> Duration.ofDays(30);
                case SyModule.YEARLY -> Duration.ofDays(365);
                default -> null;
            };
            if (period != null) {
                return period.dividedBy(Math.max(1, sy.getUpdateFrequency()));
            }
        }
        return null;
    }

    /** An entry's sanitised fields, or null when it has nothing worth storing. */
    private static Candidate candidate(SyndEntry entry, URI base) {
        String rawLink = entry.getLink();
        if (rawLink == null) {
            for (SyndLink link : entry.getLinks()) {
                if (link.getRel() == null || "alternate".equals(link.getRel())) {
                    rawLink = link.getHref();
                    break;
                }
            }
        }
        URI link = FeedUrls.resolve(base, rawLink);
        String summary = summary(entry);
        String title = FeedText.fromHtml(entry.getTitle(), MAX_TITLE);
        if (title == null && summary == null && link == null) {
            return null;
        }
        String id = entry.getUri() == null ? null : FeedText.plain(entry.getUri(), Integer.MAX_VALUE);
        if (id != null && id.equals(rawLink == null ? null : rawLink.strip())) {
            id = null; // ROME's stand-in for a missing guid is the raw link: key by the absolute link instead
        }
        String linkText = link == null ? null : link.toString();
        String shownTitle = title != null ? title
                : summary != null ? FeedText.cap(summary, TITLE_FROM_SUMMARY)
                : linkText;
        return new Candidate(id, linkText, title, shownTitle, summary, instant(entry));
    }

    private static String summary(SyndEntry entry) {
        String text = content(entry.getDescription());
        if (text == null) {
            for (SyndContent content : entry.getContents()) {
                text = content(content);
                if (text != null) {
                    break;
                }
            }
        }
        return text;
    }

    private static String content(SyndContent content) {
        if (content == null || content.getValue() == null) {
            return null;
        }
        String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
        return type.equals("text") || type.equals("text/plain")
                ? FeedText.plain(content.getValue(), MAX_SUMMARY)
                : FeedText.fromHtml(content.getValue(), MAX_SUMMARY);
    }

    private static Instant instant(SyndEntry entry) {
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        return date == null ? null : date.toInstant();
    }

    /** Keys for the candidates, keeping distinct items that share a guid and dropping exact repeats. */
    private static List<ParsedItem> keyed(List<Candidate> candidates) {
        Map<String, List<Candidate>> byBase = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            byBase.computeIfAbsent(Sha256.hex(candidate.identity()), k -> new ArrayList<>()).add(candidate);
        }
        Map<String, ParsedItem> items = new LinkedHashMap<>();
        for (Map.Entry<String, List<Candidate>> group : byBase.entrySet()) {
            List<Candidate> members = group.getValue();
            Set<String> fingerprints = new LinkedHashSet<>();
            for (Candidate member : members) {
                fingerprints.add(member.fingerprint());
            }
            for (Candidate member : members) {
                String key = fingerprints.size() == 1 ? group.getKey() : Sha256.hex(member.fingerprint());
                items.putIfAbsent(key, member.item(key));
            }
        }
        return List.copyOf(items.values());
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean startsWith(byte[] body, int... prefix) {
        return startsAt(body, 0, prefix);
    }

    private static boolean startsAt(byte[] body, int offset, int... prefix) {
        if (body.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[offset + i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private record Candidate(String id, String link, String title, String shownTitle, String summary,
            Instant published) {

        /** What identifies the item: its guid, else its link, else its title and content. */
        String identity() {
            if (id != null) {
                return id;
            }
            if (link != null) {
                return link;
            }
            return nullToEmpty(title) + "\n" + nullToEmpty(summary);
        }

        /** Everything that tells two items with the same guid apart. */
        String fingerprint() {
            return nullToEmpty(id) + "\n" + nullToEmpty(link) + "\n" + nullToEmpty(title) + "\n"
                    + nullToEmpty(summary);
        }

        ParsedItem item(String key) {
            return new ParsedItem(key, shownTitle, summary, link, published);
        }

        private static String nullToEmpty(String s) {
            return s == null ? "" : s;
        }
    }
}
