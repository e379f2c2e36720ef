package dev.dnevnik.news.news;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.news.category.Categories;
import dev.dnevnik.news.category.Category;
import dev.dnevnik.news.subscription.SubscriptionService;
import io.smallrye.mutiny.Uni;

/** Reading news: pages, one item, and a day's counts per followed category. */
@ApplicationScoped
public class NewsService {

    private final NewsQueries queries;
    private final Categories categories;
    private final SubscriptionService subscriptions;

    public NewsService(NewsQueries queries, Categories categories, SubscriptionService subscriptions) {
        this.queries = queries;
        this.categories = categories;
        this.subscriptions = subscriptions;
    }

    /**
     * The items of a page, plus one more if another page follows; a category includes its subcategories, an unknown
     * one is a 400.
     */
    public Uni<List<NewsView>> list(String category, Instant since, String text, PageRequest page) {
        if (category == null) {
            return queries.page(new NewsFilter(null, since, text, page));
        }
        return categories.requireKnown("category", category)
                .flatMap(ignored -> categories.withDescendants(category))
                .flatMap(tree -> queries.page(new NewsFilter(tree, since, text, page)));
    }

    public Uni<NewsView> get(UUID id) {
        return queries.find(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No news item " + id));
    }

    /**
     * Counts for the day in the zone: per subscribed category (each with its subcategories), or per top-level
     * category when the user follows none.
     */
    public Uni<NewsStats> stats(UUID userId, LocalDate date, ZoneId zone) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        return categories.all().flatMap(all -> subscriptions.subscribed(userId).flatMap(mine -> {
            List<Category> counted = chosen(all, mine);
            List<String> slugs = counted.stream().map(Category::slug).toList();
            return queries.counts(slugs, from, to).map(counts -> {
                List<NewsStats.CategoryCount> perCategory = new ArrayList<>(counted.size());
                for (Category category : counted) {
                    perCategory.add(new NewsStats.CategoryCount(category.slug(), category.name(),
                            counts.getOrDefault(category.slug(), 0L)));
                }
                return new NewsStats(date, zone.getId(), !mine.isEmpty(), counts.getOrDefault(null, 0L),
                        perCategory);
            });
        }));
    }

    private static List<Category> chosen(List<Category> all, Set<String> subscribed) {
        return all.stream()
                .filter(category -> subscribed.isEmpty() ? category.parent() == null : subscribed.contains(category.slug()))
                .toList();
    }
}
