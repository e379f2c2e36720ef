package dev.dnevnik.news.feed;

import java.time.Duration;
import java.util.List;

/**
 * A parsed feed.
 *
 * @param title the feed's title as plain text, or null
 * @param ttl   how long the feed says it stays fresh (RSS {@code <ttl>} minutes, or the syndication module's
 *              update period / frequency), or null
 * @param items its items in document order, each once
 */
public record ParsedFeed(String title, Duration ttl, List<ParsedItem> items) {
}
