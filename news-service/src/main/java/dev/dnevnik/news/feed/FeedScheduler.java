package dev.dnevnik.news.feed;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dnevnik.jobs.Jobs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns every due feed into a refresh job. Each feed is its own job (one per feed at a time, by its key), so one
 * slow or broken feed never delays the others; the jobs' concurrency per replica caps fetches in flight.
 */
@ApplicationScoped
public class FeedScheduler {

    private static final Logger LOG = Logger.getLogger(FeedScheduler.class);
    /** Feeds enqueued per tick at most; the rest are due on the next tick. */
    private static final int BATCH = 1000;

    private final FeedStore feeds;
    private final Jobs jobs;
    private final FeedMetrics metrics;

    public FeedScheduler(FeedStore feeds, Jobs jobs, FeedMetrics metrics) {
        this.feeds = feeds;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    @Scheduled(every = "${dnevnik.feeds.schedule-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return enqueueDue().replaceWithVoid();
    }

    /** Enqueues a refresh of every due feed; the number of feeds that were due. */
    public Uni<Integer> enqueueDue() {
        return feeds.due(BATCH)
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndMerge(id -> jobs.enqueue(FeedService.refreshJob(id)))
                        .collect().asList().map(enqueued -> due.size()))
                .call(due -> feeds.inBackoff().invoke(metrics::inBackoff))
                .invoke(due -> {
                    if (due > 0) {
                        LOG.debugf("%d feeds due for a refresh", due);
                    }
                });
    }
}
