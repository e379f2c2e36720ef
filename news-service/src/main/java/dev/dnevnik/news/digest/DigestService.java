package dev.dnevnik.news.digest;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.idempotency.IdempotencyService;
import dev.dnevnik.idempotency.IdempotentRequest;
import dev.dnevnik.idempotency.IdempotentResponse;
import dev.dnevnik.jobs.Jobs;
import dev.dnevnik.jobs.NewJob;
import dev.dnevnik.news.category.Categories;
import dev.dnevnik.news.category.Category;
import dev.dnevnik.news.subscription.SubscriptionService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Digests: a request is stored with its options made explicit (categories, language) and written by a job, so the
 * client gets 202 at once instead of holding a request open while a model writes.
 */
@ApplicationScoped
public class DigestService {

    private final DigestStore digests;
    private final Categories categories;
    private final SubscriptionService subscriptions;
    private final IdempotencyService idempotency;
    private final Jobs jobs;
    private final Clock clock;

    public DigestService(DigestStore digests, Categories categories, SubscriptionService subscriptions,
            IdempotencyService idempotency, Jobs jobs, Clock clock) {
        this.digests = digests;
        this.categories = categories;
        this.subscriptions = subscriptions;
        this.idempotency = idempotency;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Accepts a digest request, once per Idempotency-Key.
     *
     * @param language the client's preferred language when the request names none (null: decided from the items)
     */
    public Uni<IdempotentResponse<DigestView>> create(UUID userId, DigestOptions requested,
            DigestOptions.Language language, String idempotencyKey, Function<UUID, URI> locationOf) {
        if (requested.since() != null && requested.since().isAfter(Instant.now(clock))) {
            throw ProblemException.validation("since", "must not be in the future");
        }
        IdempotentRequest request = new IdempotentRequest(userId.toString(), "POST /digests", idempotencyKey, requested);
        return idempotency.execute(request, DigestView.class,
                () -> resolved(userId, requested, language).flatMap(options -> enqueue(userId, options)),
                digest -> Uni.createFrom().item(IdempotentResponse.accepted(locationOf.apply(digest.id()), digest)));
    }

    private Uni<DigestView> enqueue(UUID userId, DigestOptions options) {
        UUID id = UUID.randomUUID();
        DigestView[] inserted = new DigestView[1];
        NewJob job = NewJob.of(DigestJobHandler.KIND, new JsonObject().put("userId", userId.toString())).withId(id);
        return jobs.enqueue(job, connection -> digests.insert(connection, id, userId, options)
                .invoke(digest -> inserted[0] = digest)).map(enqueued -> inserted[0]);
    }

    /** The options with the categories made explicit: as asked, else the subscriptions, else every top-level one. */
    private Uni<DigestOptions> resolved(UUID userId, DigestOptions requested, DigestOptions.Language language) {
        DigestOptions withLanguage = requested.language() == null && language != null
                ? requested.withLanguage(language) : requested;
        return categories.all().flatMap(all -> {
            List<String> known = all.stream().map(Category::slug).toList();
            if (!requested.categories().isEmpty()) {
                FieldErrors errors = new FieldErrors();
                for (int i = 0; i < requested.categories().size(); i++) {
                    if (!known.contains(requested.categories().get(i))) {
                        errors.add("categories[" + i + "]", "is not a category; GET /categories lists them");
                    }
                }
                errors.throwIfAny();
                return Uni.createFrom().item(withLanguage);
            }
            return subscriptions.subscribed(userId).map(mine -> {
                List<String> chosen = new ArrayList<>();
                for (Category category : all) {
                    if (mine.isEmpty() ? category.parent() == null : mine.contains(category.slug())) {
                        chosen.add(category.slug());
                    }
                }
                return withLanguage.withCategories(chosen);
            });
        });
    }

    public Uni<DigestView> get(UUID userId, UUID id) {
        return digests.find(userId, id).onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<DigestView> latest(UUID userId) {
        return digests.latest(userId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No digest yet; POST /digests asks for one"));
    }

    public Uni<List<DigestView>> list(UUID userId, PageRequest page) {
        return digests.page(userId, page);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No digest " + id);
    }
}
