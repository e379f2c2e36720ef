package dev.dnevnik.news.news;

import java.time.Instant;

import dev.dnevnik.common.paging.PageRequest;

/**
 * What a news list asks for; every part is applied in SQL.
 *
 * @param category a slug: the category and its subcategories; null for all
 * @param since only items published at or after this; null for all
 * @param text full-text search (web-search syntax); null for none
 */
public record NewsFilter(String category, Instant since, String text, PageRequest page) {
}
