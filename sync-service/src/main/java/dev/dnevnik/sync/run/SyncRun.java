package dev.dnevnik.sync.run;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.dnevnik.jobs.JobContext;
import dev.dnevnik.jobs.JobFailure;
import dev.dnevnik.sync.source.SourceSpec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;

/**
 * One run of a source:
 * <ol>
 * <li>the first page gives the total, hence the pages still to fetch;</li>
 * <li>those are fetched concurrently, never more than the source's cap in flight, each retried after connect errors,
 * timeouts, 5xx and 429 (waiting as {@code Retry-After} asks, else backing off exponentially with jitter);</li>
 * <li>each page's items are staged in the database as it arrives (memory holds at most the pages in flight);</li>
 * <li>the fetch is complete only if every page came, the distinct ids staged equal the total, and the first page,
 * fetched again at the end, still announces that total;</li>
 * <li>a complete fetch is applied in one transaction as an SQL diff (deleting what the upstream no longer has, unless
 * the source is upsert-only); an incomplete one fails the run with its reason and applies nothing (an upsert-only
 * source still upserts what came, never deleting).</li>
 * </ol>
 */
final class SyncRun {

    private static final int PROGRESS_EVERY_PAGES = 10;

    private final JobContext job;
    private final UUID runId;
    private final UUID sourceId;
    private final SourceSpec spec;
    private final String authorization;
    private final RunStore runs;
    private final PageFetcher fetcher;
    private final SyncMetrics metrics;
    private final SyncConfig config;
    private final JsonPointer itemsPointer;
    private final JsonPointer totalPointer;
    private final JsonPointer idPointer;
    private final JsonPointer nextCursorPointer;

    private final long started = System.nanoTime();
    private final AtomicLong pagesDone = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<String> incomplete = new AtomicReference<>();
    private long total = -1;
    private long pages = -1;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long lastProgressPages;

    SyncRun(JobContext job, UUID runId, UUID sourceId, SourceSpec spec, String authorization, RunStore runs,
            PageFetcher fetcher, SyncMetrics metrics, SyncConfig config) {
        this.job = job;
        this.runId = runId;
        this.sourceId = sourceId;
        this.spec = spec;
        this.authorization = authorization;
        this.runs = runs;
        this.fetcher = fetcher;
        this.metrics = metrics;
        this.config = config;
        this.itemsPointer = JsonPointer.from(spec.itemsPointer());
        this.totalPointer = spec.totalPointer() == null ? null : JsonPointer.from(spec.totalPointer());
        this.idPointer = JsonPointer.from(spec.idPointer());
        this.nextCursorPointer = spec.pagination().nextCursorPointer() == null ? null
                : JsonPointer.from(spec.pagination().nextCursorPointer());
    }

    /** A page as parsed: the total it announces (or -1), its items' ids and JSON, the next cursor. */
    record Parsed(long total, String[] ids, String[] items, String nextCursor) {
    }

    /** A page that could not be fetched or read, with the page named in the reason. */
    static final class PageLost extends RuntimeException {
        PageLost(String reason) {
            super(reason, null, false, false);
        }
    }

    Uni<JsonObject> execute() {
        Uni<Void> fetched = SourceSpec.CURSOR.equals(spec.pagination().style()) ? fetchByCursor() : fetchByOffsets();
        return fetched
                .onFailure(PageLost.class).recoverWithUni(lost -> {
                    incomplete.compareAndSet(null, lost.getMessage());
                    return Uni.createFrom().voidItem();
                })
                .flatMap(ignored -> incomplete.get() == null ? verify() : Uni.createFrom().voidItem())
                .flatMap(ignored -> finish());
    }

    private Uni<Void> fetchByOffsets() {
        return page(0, null).flatMap(first -> {
            if (first.total() < 0) {
                return Uni.createFrom().failure(JobFailure.permanent("the first page has no total at "
                        + spec.totalPointer()));
            }
            total = first.total();
            pages = Math.max(1, (total + spec.pagination().pageSize() - 1) / spec.pagination().pageSize());
            return job.event("info", new JsonObject().put("total", total).put("pages", pages))
                    .flatMap(ignored -> runs.stats(runId, stats()))
                    .flatMap(ignored -> stage(first))
                    .flatMap(ignored -> Multi.createFrom().range(1, (int) pages)
                            .onItem().transformToUni(index -> page(index, null).flatMap(this::stage)
                                    .onFailure(PageLost.class).recoverWithUni(lost -> spec.upsertOnly()
                                            // an upsert-only source keeps what the other pages bring
                                            ? Uni.createFrom().item(() -> {
                                                incomplete.compareAndSet(null, lost.getMessage());
                                                return null;
                                            })
                                            : Uni.createFrom().failure(lost)))
                            .merge(spec.concurrency())
                            .onItem().call(ignored2 -> progress(false))
                            .collect().last())
                    .replaceWithVoid();
        });
    }

    /** Cursor pages come one after another: each names the next. */
    private Uni<Void> fetchByCursor() {
        return cursorPage(0, null);
    }

    private Uni<Void> cursorPage(int index, String cursor) {
        return page(index, cursor).flatMap(parsed -> {
            if (index == 0 && parsed.total() >= 0) {
                total = parsed.total();
            }
            return stage(parsed).call(ignored -> progress(false)).flatMap(ignored -> parsed.nextCursor() == null
                    || parsed.ids().length == 0 ? Uni.createFrom().voidItem() : cursorPage(index + 1, parsed.nextCursor()));
        });
    }

    /** Fetches the page (with retries) and reads it. */
    private Uni<Parsed> page(int index, String cursor) {
        PageFetcher.Request request = PageFetcher.request(spec, pageParams(index, cursor), authorization);
        return attempt(request, 0).map(body -> parse(index, body))
                .onFailure(PageFailure.class).transform(failure -> new PageLost(describe(index) + ": "
                        + failure.getMessage()));
    }

    private Uni<JsonObject> attempt(PageFetcher.Request request, int retry) {
        return Uni.createFrom().deferred(() -> {
            metrics.requestStarted();
            return fetcher.fetch(request).onTermination().invoke(metrics::requestEnded);
        }).invoke(ignored -> metrics.pageFetch("ok")).onFailure(PageFailure.class).recoverWithUni(failure -> {
            PageFailure page = (PageFailure) failure;
            metrics.pageFetch(page.status() > 0 ? Integer.toString(page.status()) : "error");
            Duration delay = delay(page, retry);
            if (!page.retryable() || retry >= spec.retry().maxRetries() || delay == null || job.stopped()) {
                return Uni.createFrom().failure(page);
            }
            retries.incrementAndGet();
            metrics.retried();
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                    .flatMap(ignored -> attempt(request, retry + 1));
        });
    }

    /** The wait before the next attempt: as Retry-After asks (null if longer than allowed), else backoff with jitter. */
    private Duration delay(PageFailure failure, int retry) {
        if (failure.retryAfter() != null) {
            return failure.retryAfter().compareTo(config.longestRetryAfter()) <= 0 ? failure.retryAfter() : null;
        }
        long base = Math.min(spec.retry().maxBackoffMs(),
                spec.retry().initialBackoffMs() * (1L << Math.min(20, retry)));
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
    }

    private Map<String, String> pageParams(int index, String cursor) {
        SourceSpec.Pagination paging = spec.pagination();
        int size = paging.pageSize();
        return switch (paging.style()) {
            case SourceSpec.OFFSET_LIMIT -> Map.of(paging.offsetParam(), Long.toString((long) index * size),
                    paging.limitParam(), Integer.toString(size));
            case SourceSpec.PAGE_SIZE -> Map.of(paging.pageParam(), Integer.toString(paging.firstPage() + index),
                    paging.sizeParam(), Integer.toString(size));
            default -> cursor == null ? Map.of(paging.sizeParam(), Integer.toString(size))
                    : Map.of(paging.sizeParam(), Integer.toString(size), paging.cursorParam(), cursor);
        };
    }

    private String describe(int index) {
        return switch (spec.pagination().style()) {
            case SourceSpec.OFFSET_LIMIT -> "page at offset " + (long) index * spec.pagination().pageSize();
            case SourceSpec.PAGE_SIZE -> "page " + (spec.pagination().firstPage() + index);
            default -> "page " + (index + 1);
        };
    }

    private Parsed parse(int index, JsonObject body) {
        long announced = -1;
        if (totalPointer != null) {
            Object value = totalPointer.queryJson(body);
            if (value instanceof Number number && number.longValue() >= 0) {
                announced = number.longValue();
            } else if (index == 0) {
                throw new PageLost(describe(index) + ": no total at " + spec.totalPointer());
            }
        }
        Object array = itemsPointer.queryJson(body);
        if (!(array instanceof JsonArray list)) {
            throw new PageLost(describe(index) + ": no array of items at " + spec.itemsPointer());
        }
        String[] ids = new String[list.size()];
        String[] data = new String[list.size()];
        for (int i = 0; i < list.size(); i++) {
            Object item = list.getValue(i);
            Object id = item instanceof JsonObject || item instanceof JsonArray ? idPointer.queryJson(item) : null;
            if (!(id instanceof String || id instanceof Number) || id.toString().isEmpty()) {
                throw new PageLost(describe(index) + ": item " + i + " has no id at " + spec.idPointer());
            }
            ids[i] = id.toString();
            data[i] = item instanceof JsonObject object ? object.encode() : ((JsonArray) item).encode();
        }
        String next = null;
        if (nextCursorPointer != null) {
            Object value = nextCursorPointer.queryJson(body);
            next = value == null ? null : value.toString();
        }
        return new Parsed(announced, ids, data, next);
    }

    private Uni<Void> stage(Parsed page) {
        items.addAndGet(page.ids().length);
        return (page.ids().length == 0 ? Uni.createFrom().item(0) : runs.stage(runId, page.ids(), page.items()))
                .invoke(ignored -> pagesDone.incrementAndGet()).replaceWithVoid();
    }

    /** A progress event every ten pages or every progress interval, whichever comes first (and always when asked). */
    private Uni<Void> progress(boolean always) {
        long now = System.nanoTime();
        long done = pagesDone.get();
        if (!always && done - lastProgressPages < PROGRESS_EVERY_PAGES
                && now - lastProgressNanos < config.progressInterval().toNanos()) {
            return Uni.createFrom().voidItem();
        }
        lastProgressNanos = now;
        lastProgressPages = done;
        return job.event("progress", new JsonObject().put("pagesDone", done).put("items", items.get())
                .put("retries", retries.get()));
    }

    /** Every page came: do the distinct ids match the total, and does the upstream still announce it? */
    private Uni<Void> verify() {
        if (total < 0) {
            return Uni.createFrom().voidItem();
        }
        return runs.distinctStaged(runId).flatMap(distinct -> {
            if (distinct != total) {
                incomplete.compareAndSet(null, "received " + distinct + " distinct items, the upstream announced " + total);
                return Uni.createFrom().voidItem();
            }
            return page(0, null).map(Parsed::total)
                    .onFailure(PageLost.class).recoverWithItem(lost -> {
                        incomplete.compareAndSet(null, "re-checking the total: " + lost.getMessage());
                        return total;
                    })
                    .invoke(now -> {
                        if (now != total) {
                            incomplete.compareAndSet(null, "the upstream's total changed during the run from " + total
                                    + " to " + now);
                        }
                    }).replaceWithVoid();
        });
    }

    private Uni<JsonObject> finish() {
        String reason = incomplete.get();
        if (job.stopped()) {
            return Uni.createFrom().failure(JobFailure.permanent("stopped"));
        }
        if (reason != null && !spec.upsertOnly()) {
            return progress(true).flatMap(ignored -> runs.ended(runId, "failed", "incomplete: " + reason
                    + "; nothing was applied", stats()))
                    .flatMap(ignored -> Uni.createFrom().failure(JobFailure.permanent("incomplete: " + reason
                            + "; nothing was applied")));
        }
        String failure = reason == null ? null
                : "incomplete: " + reason + "; what came was upserted, nothing deleted";
        boolean deleteMissing = reason == null && !spec.upsertOnly();
        JsonObject[] result = new JsonObject[1];
        return progress(true).flatMap(ignored -> runs.apply(runId, sourceId, deleteMissing,
                failure == null ? "succeeded" : "failed", failure, diff -> {
                    result[0] = outcome(diff);
                    return result[0];
                }))
                .invoke(diff -> {
                    metrics.items("added", diff.added());
                    metrics.items("updated", diff.updated());
                    metrics.items("unchanged", diff.unchanged());
                    metrics.items("deleted", diff.deleted());
                })
                .flatMap(diff -> failure == null ? Uni.createFrom().item(result[0])
                        : Uni.createFrom().failure(JobFailure.permanent(failure)));
    }

    private JsonObject outcome(RunStore.Diff diff) {
        return stats().put("added", diff.added()).put("updated", diff.updated()).put("unchanged", diff.unchanged())
                .put("deleted", diff.deleted());
    }

    private JsonObject stats() {
        long millis = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        JsonObject stats = new JsonObject().put("pagesDone", pagesDone.get()).put("items", items.get())
                .put("retries", retries.get()).put("durationMs", millis)
                .put("itemsPerSecond", Math.round(items.get() * 1000.0 / millis * 10) / 10.0);
        if (total >= 0) {
            stats.put("total", total);
        }
        if (pages >= 0) {
            stats.put("pages", pages);
        }
        return stats;
    }
}
