package dev.dnevnik.news.subscription;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.dnevnik.news.category.Category;

/** A category and whether the caller follows it. */
@Schema(description = "A category and whether the caller is subscribed to it")
public record SubscriptionView(@Schema(example = "technology") String category, String parent, Category.Names name,
        boolean subscribed) {
}
