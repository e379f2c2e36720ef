package dev.dnevnik.news.feed;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.hash.Sha256;
import dev.dnevnik.jobs.JobContext;
import dev.dnevnik.jobs.JobFailure;
import dev.dnevnik.jobs.JobHandler;
import dev.dnevnik.news.feed.FeedStore.FeedState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Refreshes one feed: a conditional GET; a 304, the same validators or the same body change nothing but the
 * schedule; a new document is parsed (off the event loop) and its items inserted unless already known. A failure is
 * recorded on the feed, which backs off and stays scheduled: the job itself is not retried (the feed's own schedule
 * is its retry), so it fails with the reason.
 */
@ApplicationScoped
public class FeedRefreshHandler implements JobHandler {

    static final String KIND = "feed-refresh";

    private static final String INSERT_ITEMS = """
            INSERT INTO news_items (id, feed_id, item_key, category, language, title, summary, link, published_at)
            SELECT gen_random_uuid(), $1, u.item_key, $2, $3, u.title, u.summary, u.link,
                   least(coalesce(u.published, now()), now())
              FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
                   AS u(item_key, title, summary, link, published)
            ON CONFLICT (feed_id, item_key) DO NOTHING""";

    private final FeedStore feeds;
    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final RefreshSchedule schedule;
    private final FeedMetrics metrics;
    private final Pool db;
    private final Vertx vertx;
    private final Clock clock;

    public FeedRefreshHandler(FeedStore feeds, FeedFetcher fetcher, FeedParser parser, RefreshSchedule schedule,
            FeedMetrics metrics, Pool db, Vertx vertx, Clock clock) {
        this.feeds = feeds;
        this.fetcher = fetcher;
        this.parser = parser;
        this.schedule = schedule;
        this.metrics = metrics;
        this.db = db;
        this.vertx = vertx;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<JsonObject> run(JobContext job) {
        UUID feedId = UUID.fromString(job.job().payload().getString("feedId"));
        return feeds.find(feedId).flatMap(feed -> {
            if (feed == null || !feed.view().enabled()) {
                return Uni.createFrom().item(new JsonObject().put("outcome", "skipped")
                        .put("reason", feed == null ? "the feed was deleted" : "the feed is disabled"));
            }
            FeedView view = feed.view();
            return fetcher.fetch(URI.create(view.url()), view.etag(), view.lastModified())
                    .flatMap(fetched -> fetched(feed, fetched))
                    .onFailure(failure -> failure instanceof FeedFetchException || failure instanceof FeedParseException)
                    .recoverWithUni(failure -> failed(feed, failure));
        });
    }

    private Uni<JsonObject> fetched(FeedState feed, FetchResult fetched) {
        Instant now = clock.instant();
        UUID id = feed.view().id();
        Duration knownTtl = feed.ttlSeconds() == null ? null : Duration.ofSeconds(feed.ttlSeconds());
        if (fetched.movedPermanently() && !fetched.finalUri().toString().equals(feed.view().url())) {
            // a feed that moved for good is fetched from its new address from now on, as feed readers do
            return feeds.moved(id, fetched.finalUri().toString())
                    .flatMap(ignored -> fetched(feed, new FetchResult(fetched.status(), fetched.finalUri(), false,
                            fetched.body(), fetched.contentType(), fetched.etag(), fetched.lastModified(),
                            fetched.maxAge(), fetched.expiresIn(), fetched.retryAfter())));
        }
        if (fetched.notModified()) {
            return unchanged(id, fetched, schedule.nextAfterSuccess(now, knownTtl, fetched), "not_modified");
        }
        String bodyHash = Sha256.hex(fetched.body());
        // servers that ignore If-None-Match answer 200 with the same validators or the same document
        boolean sameValidators = fetched.etag() != null ? fetched.etag().equals(feed.view().etag())
                : fetched.lastModified() != null && fetched.lastModified().equals(feed.view().lastModified());
        if (sameValidators || bodyHash.equals(feed.bodyHash())) {
            return unchanged(id, fetched, schedule.nextAfterSuccess(now, knownTtl, fetched), "unchanged");
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> parser.parse(fetched.body(), fetched.contentType(),
                fetched.finalUri()))).flatMap(parsed -> insert(feed.view(), parsed.items())
                        .flatMap(added -> {
                            Integer ttl = parsed.ttl() == null ? null : (int) Math.min(Integer.MAX_VALUE, parsed.ttl().toSeconds());
                            Instant next = schedule.nextAfterSuccess(now, parsed.ttl(), fetched);
                            return feeds.fetched(id, fetched.status(), fetched.etag(), fetched.lastModified(), bodyHash,
                                    ttl, parsed.title(), next)
                                    .invoke(() -> metrics.fetched("updated", added))
                                    .replaceWith(new JsonObject().put("outcome", "updated")
                                            .put("items", parsed.items().size()).put("added", added)
                                            .put("nextCheckAt", next.toString()));
                        }));
    }

    private Uni<JsonObject> unchanged(UUID id, FetchResult fetched, Instant next, String outcome) {
        return feeds.unchanged(id, fetched.status(), next).invoke(() -> metrics.fetched(outcome, 0))
                .replaceWith(new JsonObject().put("outcome", outcome).put("nextCheckAt", next.toString()));
    }

    /** Records the failure on the feed (it backs off) and fails the job with the reason. */
    private Uni<JsonObject> failed(FeedState feed, Throwable failure) {
        String reason;
        Integer status = null;
        Duration retryAfter = null;
        if (failure instanceof FeedFetchException fetch) {
            reason = fetch.reason();
            status = fetch.status() > 0 ? fetch.status() : null;
            retryAfter = fetch.retryAfter();
        } else {
            reason = "not a feed: " + ((FeedParseException) failure).reason();
            status = 200;
        }
        Instant next = schedule.nextAfterFailure(clock.instant(), feed.view().errorCount() + 1, retryAfter);
        return feeds.failed(feed.view().id(), status, reason, next)
                .invoke(() -> metrics.fetched("failed", 0))
                .flatMap(ignored -> Uni.createFrom().failure(JobFailure.permanent(reason)));
    }

    private Uni<Integer> insert(FeedView feed, List<ParsedItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = items.size();
        String[] keys = new String[n];
        String[] titles = new String[n];
        String[] summaries = new String[n];
        String[] links = new String[n];
        OffsetDateTime[] published = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ParsedItem item = items.get(i);
            keys[i] = item.key();
            titles[i] = item.title();
            summaries[i] = item.summary();
            links[i] = item.link();
            published[i] = item.published() == null ? null : item.published().atOffset(ZoneOffset.UTC);
        }
        return db.preparedQuery(INSERT_ITEMS).execute(Tuple.tuple().addUUID(feed.id()).addString(feed.category())
                .addString(feed.language()).addArrayOfString(keys).addArrayOfString(titles)
                .addArrayOfString(summaries).addArrayOfString(links).addArrayOfOffsetDateTime(published))
                .map(rows -> rows.rowCount());
    }

}
