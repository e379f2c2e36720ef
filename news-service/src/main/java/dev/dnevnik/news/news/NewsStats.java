package dev.dnevnik.news.news;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.dnevnik.news.category.Category;

/**
 * How many news items each category got on one day.
 *
 * @param subscribedOnly true when the counts are of the caller's subscriptions; false when the caller follows
 *        nothing and the counts are of every top-level category
 * @param total distinct items over all the categories counted (an item is counted once even if two counted
 *        categories include it)
 */
@Schema(description = "News counts per category for one day in the caller's time zone")
public record NewsStats(LocalDate date, @Schema(example = "Europe/Kyiv") String timeZone, boolean subscribedOnly,
        long total, List<CategoryCount> categories) {

    /** Items of a category (with its subcategories) that day. */
    public record CategoryCount(@Schema(example = "technology") String category, Category.Names name, long count) {
    }
}
