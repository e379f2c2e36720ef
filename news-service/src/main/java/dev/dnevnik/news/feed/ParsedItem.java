package dev.dnevnik.news.feed;

import java.time.Instant;

/**
 * One item of a feed, ready for {@code news_items}: plain text without NUL characters.
 *
 * @param key       SHA-256 hex of the guid/id, else of the link, else of title and content (see {@link FeedParser})
 * @param title     never empty: the item's title, else the summary's first words, else the link
 * @param summary   plain text of the description or content, whitespace collapsed, at most 2 000 characters; or null
 * @param link      an absolute http(s) URL, or null
 * @param published published date, else updated date, else null (the caller uses the time it first saw the item)
 */
public record ParsedItem(String key, String title, String summary, String link, Instant published) {
}
