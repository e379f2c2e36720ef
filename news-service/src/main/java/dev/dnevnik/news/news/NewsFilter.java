package dev.dnevnik.news.news;

import java.time.Instant;
import java.util.List;

import dev.dnevnik.common.paging.PageRequest;

/**
 * What a news list asks for; every part is applied in SQL.
 *
 * @param categories the slugs of a category and its subcategories; null for all
 * @param since only items published at or after this; null for all
 * @param text full-text search (web-search syntax); null for none
 */
public record NewsFilter(List<String> categories, Instant since, String text, PageRequest page) {
}
