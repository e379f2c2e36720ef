package dev.dnevnik.news.feed;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** URLs as feeds write them: relative, with spaces or unencoded non-ASCII characters. */
public final class FeedUrls {

    private static final int MAX_LENGTH = 2000;

    private FeedUrls() {
    }

    /**
     * {@code reference} resolved against {@code base} (which may be null), without its fragment; null when it is
     * not an http(s) URL with a host, or longer than 2 000 characters.
     */
    public static URI resolve(URI base, String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(encodeLeniently(reference.strip()));
            if (!uri.isAbsolute()) {
                if (base == null || base.isOpaque()) {
                    return null;
                }
                uri = base.resolve(uri);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return null;
            }
            if (uri.getRawFragment() != null) {
                String text = uri.toString();
                uri = new URI(text.substring(0, text.indexOf('#')));
            }
            if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
                uri = new URI(uri.getScheme() + "://" + uri.getRawAuthority() + "/"
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
            return uri.toString().length() > MAX_LENGTH ? null : uri;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Percent-encodes what a URI may not hold as it is (spaces, non-ASCII, a few symbols) and keeps the rest. */
    static String encodeLeniently(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            if (plain && !(c == '%' && !isEscape(text, i))) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int codePoint = text.codePointAt(i);
            if (Character.charCount(codePoint) == 2) {
                i++;
            }
            for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isEscape(String text, int i) {
        return i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                && Character.digit(text.charAt(i + 2), 16) >= 0;
    }
}
