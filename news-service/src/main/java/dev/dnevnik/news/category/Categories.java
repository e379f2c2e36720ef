package dev.dnevnik.news.category;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The category taxonomy. It changes only with a migration, so it is read once and kept (re-read every few minutes,
 * so a migration applied by a new replica reaches the old ones too).
 */
@ApplicationScoped
public class Categories {

    private static final Duration KEEP = Duration.ofMinutes(5);

    private final Uni<Map<String, Category>> bySlug;

    public Categories(Pool db) {
        this.bySlug = Uni.createFrom().deferred(() -> db.query(
                "SELECT slug, parent, name_en, name_ru, name_uk FROM categories ORDER BY position, slug").execute())
                .map(rows -> {
                    Map<String, Category> categories = new LinkedHashMap<>();
                    for (Row row : rows) {
                        categories.put(row.getString("slug"), new Category(row.getString("slug"),
                                row.getString("parent"), new Category.Names(row.getString("name_en"),
                                        row.getString("name_ru"), row.getString("name_uk")), List.of()));
                    }
                    return categories;
                })
                .memoize().atLeast(KEEP);
    }

    /** Every category in display order. */
    public Uni<List<Category>> all() {
        return bySlug.map(categories -> List.copyOf(categories.values()));
    }

    public Uni<CategoryList> list() {
        return all().map(flat -> new CategoryList(flat, tree(flat, null)));
    }

    /** Known slugs, for validating filters and subscriptions. */
    public Uni<Set<String>> slugs() {
        return bySlug.map(Map::keySet);
    }

    /** The category's slug and those of every category below it (a filter on a category includes them). */
    public Uni<List<String>> withDescendants(String slug) {
        return all().map(flat -> {
            List<String> tree = new ArrayList<>();
            tree.add(slug);
            for (int i = 0; i < tree.size(); i++) {
                for (Category category : flat) {
                    if (tree.get(i).equals(category.parent())) {
                        tree.add(category.slug());
                    }
                }
            }
            return tree;
        });
    }

    /** Checks a category named in a request body or filter: an unknown one is a 400 naming the field. */
    public Uni<Void> requireKnown(String field, String slug) {
        return bySlug.invoke(categories -> {
            if (!categories.containsKey(slug)) {
                throw ProblemException.validation(field, "is not a category; GET /categories lists them");
            }
        }).replaceWithVoid();
    }

    /** The category, or a 404 problem naming it. */
    public Uni<Category> require(String slug) {
        return bySlug.map(categories -> {
            Category category = slug == null ? null : categories.get(slug);
            if (category == null) {
                throw ProblemException.notFound("No category " + slug + "; GET /categories lists them");
            }
            return category;
        });
    }

    private static List<Category> tree(List<Category> flat, String parent) {
        List<Category> level = new ArrayList<>();
        for (Category category : flat) {
            if (java.util.Objects.equals(category.parent(), parent)) {
                level.add(category.withChildren(tree(flat, category.slug())));
            }
        }
        return level;
    }
}
