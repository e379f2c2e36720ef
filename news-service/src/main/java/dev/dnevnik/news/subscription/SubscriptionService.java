package dev.dnevnik.news.subscription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.news.category.Categories;
import dev.dnevnik.news.category.Category;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Which categories a user follows. Subscribing and unsubscribing are idempotent. */
@ApplicationScoped
public class SubscriptionService {

    private final Pool db;
    private final Categories categories;

    public SubscriptionService(Pool db, Categories categories) {
        this.db = db;
        this.categories = categories;
    }

    /** The slugs the user follows, in no particular order. */
    public Uni<Set<String>> subscribed(UUID userId) {
        return db.preparedQuery("SELECT category FROM subscriptions WHERE user_id = $1").execute(Tuple.of(userId))
                .map(rows -> {
                    Set<String> slugs = new HashSet<>();
                    for (Row row : rows) {
                        slugs.add(row.getString("category"));
                    }
                    return slugs;
                });
    }

    /** Every category, flagged when the user follows it. */
    public Uni<List<SubscriptionView>> list(UUID userId) {
        return categories.all().flatMap(all -> subscribed(userId).map(mine -> {
            List<SubscriptionView> views = new ArrayList<>(all.size());
            for (Category category : all) {
                views.add(new SubscriptionView(category.slug(), category.parent(), category.name(),
                        mine.contains(category.slug())));
            }
            return views;
        }));
    }

    public Uni<SubscriptionView> subscribe(UUID userId, String slug) {
        return categories.require(slug).call(category -> db.preparedQuery(
                "INSERT INTO subscriptions (user_id, category) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(userId, category.slug())))
                .map(category -> new SubscriptionView(category.slug(), category.parent(), category.name(), true));
    }

    public Uni<Void> unsubscribe(UUID userId, String slug) {
        return categories.require(slug).call(category -> db.preparedQuery(
                "DELETE FROM subscriptions WHERE user_id = $1 AND category = $2")
                .execute(Tuple.of(userId, category.slug()))).replaceWithVoid();
    }
}
