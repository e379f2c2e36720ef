package dev.dnevnik.news.digest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.news.digest.DigestOptions.Language;

/**
 * Makes a chat model's answer safe and consistent before a user sees it:
 * <ul>
 * <li>control characters, U+0000 included, are removed;</li>
 * <li>every link that is not one of the selected items' links is removed — URLs with any scheme, {@code www.}
 * addresses and bare domains (a Markdown link to a foreign address keeps only its text): a link the model made up or
 * copied from an item's text never reaches the user;</li>
 * <li>{@code [n]} references (also {@code [1, 2]} and {@code [1-3]}) are kept only when item n exists, and renumbered
 * by first appearance, so the text cites [1], [2], ... in reading order;</li>
 * <li>a title or a list of sources the model wrote despite the rules is dropped; the digest heading and the references
 * section are the same as the extractive summariser's.</li>
 * </ul>
 * The citations are the items actually cited, or every item when the answer cites none.
 */
public final class Citations {

    /** Fewer letters than this left: not a digest. */
    static final int MIN_LETTERS = 20;

    private static final String URL_CHARS = "[^\\s<>\"'`\\[\\]{}|\\\\^]";
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\[\\]\\n]{0,300})\\]\\(\\s*([^()\\s]{0,2000})\\s*\\)");
    private static final Pattern SCHEME_URL = Pattern.compile(
            "(?i)\\b(?:[a-z][a-z0-9+.-]{1,15}://" + URL_CHARS + "*|(?:mailto|javascript|data|tel):" + URL_CHARS + "+)");
    private static final Pattern WWW = Pattern.compile("(?i)(?<![\\p{L}\\p{N}.@/-])www\\." + URL_CHARS + "+");
    private static final Pattern BARE_DOMAIN = Pattern.compile("(?iU)(?<![\\p{L}\\p{N}.@/-])"
            + "((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+"
            + "(?:com|net|org|io|ru|ua|by|kz|info|biz|me|co|app|dev|xyz|site|online|top|su|uk|us|de|fr|eu|tv|news|link"
            + "|ly|gl|cc|gov|edu|рф|укр|бел|онлайн|сайт))(?![\\p{L}\\p{N}-])(/" + URL_CHARS + "*)?");
    private static final Pattern EMAIL = Pattern.compile("(?U)[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
    private static final Pattern REFERENCE = Pattern.compile("\\[\\s*(\\d{1,4}(?:\\s*(?:[,;]|[-–—])\\s*\\d{1,4})*)\\s*\\]");
    private static final Pattern SOURCES_HEADING = Pattern.compile(
            "(?iU)^\\W*(sources|references|links|источники|ссылки|список источников|джерела|посилання)\\W*$");
    private static final Pattern TITLE_LINE = Pattern.compile("(?iU)^\\W*(digest|дайджест)\\b.{0,60}$");
    private static final String TRAILING_PUNCTUATION = ".,;:!?)]}»”’'\"";

    private Citations() {
    }

    /**
     * The digest made of a model's {@code answer} about {@code items} (item n of the prompt is
     * {@code items.get(n - 1)}), written by {@code engine}.
     *
     * @throws OpenAiFailure.EmptyAnswer when nothing worth reading is left
     */
    public static DigestText apply(String answer, List<DigestItem> items, Language language, String engine) {
        String body = withoutForeignLinks(withoutControlCharacters(answer == null ? "" : answer), allowedLinks(items));
        body = withoutTitleAndSources(body);
        Map<Integer, Integer> renumbered = new LinkedHashMap<>();
        body = references(body, items.size(), renumbered);
        body = tidy(body);
        if (letters(body) < MIN_LETTERS) {
            throw new OpenAiFailure.EmptyAnswer("the answer had no usable text");
        }
        List<Citation> citations = new ArrayList<>();
        if (renumbered.isEmpty()) {
            for (int i = 0; i < items.size(); i++) {
                citations.add(citation(i + 1, items.get(i)));
            }
        } else {
            renumbered.forEach((original, number) -> citations.add(citation(number, items.get(original - 1))));
        }
        String content = DigestPhrases.heading(language) + "\n\n" + body
                + DigestPhrases.referencesSection(citations, language);
        return new DigestText(content, citations, engine);
    }

    private static Citation citation(int number, DigestItem item) {
        return new Citation(number, item.id(), ExtractiveSummarizer.oneLine(item.title()),
                ExtractiveSummarizer.link(item.link()));
    }

    /** Without control characters (U+0000 among them) other than line breaks and tabs; line breaks as {@code \n}. */
    static String withoutControlCharacters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (c == '\n' || c == '\t' || !(Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || c == '\u200b' || c == '\u200e' || c == '\u200f' || c == '\u202e' || c == '\ufeff')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Set<String> allowedLinks(List<DigestItem> items) {
        Set<String> allowed = new HashSet<>();
        for (DigestItem item : items) {
            String link = ExtractiveSummarizer.link(item.link());
            if (link != null) {
                allowed.add(normalized(link));
            }
        }
        return allowed;
    }

    /** The text with every link that is not one of {@code allowed} (as {@link #allowedLinks} makes them) removed. */
    static String withoutForeignLinks(String text, Set<String> allowed) {
        Set<String> allowedHosts = new HashSet<>();
        for (String link : allowed) {
            String host = hostOf(link);
            if (host != null) {
                allowedHosts.add(host);
            }
        }
        // [text](url): the text stays; the link only if it is allowed
        String result = replace(MARKDOWN_LINK, text, m -> {
            String url = trimTrailing(m.group(2));
            if (allowed.contains(normalized(url))) {
                return m.group();
            }
            String label = m.group(1);
            return label.matches("\\s*\\d{1,4}\\s*") ? "[" + label.strip() + "]" : label;
        });
        result = replace(EMAIL, result, m -> "");
        result = replace(SCHEME_URL, result, m -> keepIfAllowed(m.group(), allowed));
        result = replace(WWW, result, m -> keepIfAllowed(m.group(), allowed));
        result = replace(BARE_DOMAIN, result, m -> {
            String match = m.group();
            String kept = trimTrailing(match);
            String host = m.group(1).toLowerCase(Locale.ROOT);
            if (m.group(2) == null || m.group(2).length() <= 1) {
                // a bare domain: fine when it is the host of a cited link (a publication's name), else removed
                return allowedHosts.contains(host) || allowedHosts.contains("www." + host) ? match
                        : match.substring(kept.length());
            }
            return keepIfAllowed(match, allowed);
        });
        return result;
    }

    private static String keepIfAllowed(String match, Set<String> allowed) {
        String url = trimTrailing(match);
        String tail = match.substring(url.length());
        if (allowed.contains(normalized(url)) || allowed.contains(normalized("https://" + url))
                || allowed.contains(normalized("http://" + url))) {
            return match;
        }
        return tail;
    }

    private static String trimTrailing(String url) {
        int end = url.length();
        while (end > 0 && TRAILING_PUNCTUATION.indexOf(url.charAt(end - 1)) >= 0) {
            // a closing bracket that belongs to the URL, as in Wikipedia's ..._(film), stays
            char c = url.charAt(end - 1);
            if (c == ')' && url.lastIndexOf('(', end - 1) >= 0) {
                break;
            }
            end--;
        }
        return url.substring(0, end);
    }

    /** For comparison: scheme and host in lower case, no fragment, no trailing slash. */
    static String normalized(String url) {
        String text = url.strip();
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash);
        }
        int schemeEnd = text.indexOf("://");
        if (schemeEnd > 0) {
            int hostEnd = text.indexOf('/', schemeEnd + 3);
            if (hostEnd < 0) {
                hostEnd = text.length();
            }
            text = text.substring(0, hostEnd).toLowerCase(Locale.ROOT) + text.substring(hostEnd);
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    /** Drops a leading "Digest" title line and everything from a "Sources:" heading on. */
    static String withoutTitleAndSources(String text) {
        List<String> lines = new ArrayList<>(List.of(text.strip().split("\n", -1)));
        if (!lines.isEmpty() && TITLE_LINE.matcher(lines.get(0).strip()).matches() && lines.size() > 1) {
            lines.remove(0);
        }
        for (int i = 1; i < lines.size(); i++) {
            if (SOURCES_HEADING.matcher(lines.get(i).strip()).matches()) {
                lines = lines.subList(0, i);
                break;
            }
        }
        return String.join("\n", lines);
    }

    /**
     * Keeps the references to items that exist ({@code 1..count}), renumbered by first appearance; records
     * {@code original -> new} in {@code renumbered}. "[1, 3]" and "[1-3]" become "[1][3]" and "[1][2][3]".
     */
    static String references(String text, int count, Map<Integer, Integer> renumbered) {
        return replace(REFERENCE, text, m -> {
            StringBuilder out = new StringBuilder();
            Set<Integer> seen = new HashSet<>();
            for (int original : numbers(m.group(1))) {
                if (original < 1 || original > count || !seen.add(original)) {
                    continue;
                }
                int number = renumbered.computeIfAbsent(original, o -> renumbered.size() + 1);
                out.append('[').append(number).append(']');
            }
            return out.toString();
        });
    }

    private static List<Integer> numbers(String group) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : group.split("\\s*[,;]\\s*")) {
            String[] range = part.split("\\s*[-–—]\\s*");
            int from = Integer.parseInt(range[0].strip());
            int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
            if (to < from || to - from > 50) {
                to = from;
            }
            for (int n = from; n <= to; n++) {
                numbers.add(n);
            }
        }
        return numbers;
    }

    /** What removals leave behind: empty brackets, doubled spaces, spaces before punctuation, blank runs. */
    static String tidy(String text) {
        String result = text.replaceAll("\\(\\s*\\)|<\\s*>|\\[\\s*\\]\\(\\s*\\)", "")
                .replaceAll("[ \\t]+", " ")
                .replaceAll(" +([.,;:!?)])", "$1")
                .replaceAll("(?m)^ +| +$", "")
                .replaceAll("(?m)^\\s*[-*•]\\s*$\\n?", "")
                .replaceAll("\\n{3,}", "\n\n");
        return result.strip();
    }

    private static int letters(String text) {
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                letters++;
            }
        }
        return letters;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
