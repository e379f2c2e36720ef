package dev.dnevnik.news.feed;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.jobs.Enqueued;
import dev.dnevnik.jobs.Job;
import dev.dnevnik.jobs.Jobs;
import dev.dnevnik.jobs.NewJob;
import dev.dnevnik.news.category.Categories;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

/** The operators' feeds: their rules, and refreshes as jobs (one per feed at a time). */
@ApplicationScoped
public class FeedService {

    /** Postgres' unique_violation: the URL is someone else's feed already. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final FeedStore feeds;
    private final Categories categories;
    private final Jobs jobs;

    public FeedService(FeedStore feeds, Categories categories, Jobs jobs) {
        this.feeds = feeds;
        this.categories = categories;
        this.jobs = jobs;
    }

    /** Creates the feed and fetches it at once. */
    public Uni<FeedView> create(FeedInput input) {
        FeedInput clean = normalised(input);
        return categories.requireKnown("category", clean.category())
                .flatMap(ignored -> feeds.insert(UUID.randomUUID(), clean))
                .onFailure(FeedService::duplicateUrl).transform(failure -> sameUrl(clean.url()))
                .call(feed -> refresh(feed.id()));
    }

    public Uni<FeedView> update(UUID id, FeedInput input) {
        FeedInput clean = normalised(input);
        return categories.requireKnown("category", clean.category())
                .flatMap(ignored -> feeds.update(id, clean))
                .onFailure(FeedService::duplicateUrl).transform(failure -> sameUrl(clean.url()))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<Void> delete(UUID id) {
        return feeds.delete(id).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
        }).replaceWithVoid();
    }

    public Uni<FeedView> get(UUID id) {
        return feeds.find(id).onItem().ifNull().failWith(() -> notFound(id)).map(FeedStore.FeedState::view);
    }

    public Uni<List<FeedView>> list(PageRequest page) {
        return feeds.page(page);
    }

    /** Enqueues a refresh of the feed, or returns the one already queued or running. */
    public Uni<Job> refresh(UUID feedId) {
        return feeds.find(feedId).onItem().ifNull().failWith(() -> notFound(feedId))
                .flatMap(feed -> jobs.enqueue(refreshJob(feedId))).map(Enqueued::job);
    }

    static NewJob refreshJob(UUID feedId) {
        return NewJob.of(FeedRefreshHandler.KIND, new JsonObject().put("feedId", feedId.toString()))
                .withKey("feed:" + feedId);
    }

    /** A refresh job of this feed, or a 404. */
    public Uni<Job> refreshJob(UUID feedId, UUID jobId) {
        return jobs.find(jobId).map(job -> {
            if (job == null || !FeedRefreshHandler.KIND.equals(job.kind())
                    || !feedId.toString().equals(job.payload().getString("feedId"))) {
                throw ProblemException.notFound("No refresh " + jobId + " of feed " + feedId);
            }
            return job;
        });
    }

    static FeedInput normalised(FeedInput input) {
        String url = FetchUrls.requireHttp("url", input.url());
        String title = input.title() == null || input.title().isBlank() ? null : input.title().strip();
        return new FeedInput(url, input.category().strip(), input.language(), title, input.enabled());
    }

    private static boolean duplicateUrl(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static ProblemException sameUrl(String url) {
        return new ProblemException(ProblemType.CONFLICT, "A feed with the URL " + url + " exists already");
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No feed " + id);
    }
}
