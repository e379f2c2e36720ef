package dev.dnevnik.news.feed;

import org.jsoup.Jsoup;

import dev.dnevnik.common.text.PostgresText;

/** Text from feeds and calendars as Dnevnik stores it: plain, one line, without NUL, capped. */
public final class FeedText {

    private FeedText() {
    }

    /** HTML (or text that may hold markup and entities) as plain text; null when nothing is left. */
    public static String fromHtml(String html, int maxLength) {
        if (html == null || html.isBlank()) {
            return null;
        }
        String text = Jsoup.parseBodyFragment(PostgresText.withoutNul(html)).text();
        return plain(text, maxLength);
    }

    /** Plain text with whitespace (including non-breaking spaces) collapsed and control characters removed. */
    public static String plain(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String collapsed = text.replaceAll("[\\p{Cntrl}\\p{Z}\\s\\u200B\\uFEFF]+", " ").strip();
        return collapsed.isEmpty() ? null : cap(collapsed, maxLength);
    }

    /** At most {@code maxLength} characters, cut at a word boundary when one is near, with an ellipsis. */
    public static String cap(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int end = maxLength - 1;
        int space = text.lastIndexOf(' ', end);
        if (space > maxLength * 3 / 4) {
            end = space;
        }
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }
}
