package dev.dnevnik.news.event;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.jobs.JobContext;
import dev.dnevnik.jobs.JobFailure;
import dev.dnevnik.jobs.JobHandler;
import dev.dnevnik.news.feed.FeedFetchException;
import dev.dnevnik.news.feed.FeedFetcher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;

/**
 * Imports an iCalendar feed: fetched like a news feed (same SSRF guard, size cap and timeouts), parsed off the event
 * loop, recurring events expanded into their occurrences of the coming months, and upserted by UID and recurrence
 * id, so importing again updates events instead of duplicating them. A fetch that failed for a passing reason is
 * retried by the jobs module; a calendar that cannot be read is not.
 */
@ApplicationScoped
public class ICalendarImportHandler implements JobHandler {

    static final String KIND = "ical-import";
    /** Occurrences of recurring events are kept for this long ahead (and a day back, for events under way). */
    static final Duration HORIZON = Duration.ofDays(180);
    static final int MAX_OCCURRENCES = 200;

    private final FeedFetcher fetcher;
    private final ICalendarParser parser = new ICalendarParser();
    private final EventStore events;
    private final Vertx vertx;
    private final Clock clock;

    public ICalendarImportHandler(FeedFetcher fetcher, EventStore events, Vertx vertx, Clock clock) {
        this.fetcher = fetcher;
        this.events = events;
        this.vertx = vertx;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<JsonObject> run(JobContext job) {
        JsonObject payload = job.job().payload();
        String url = payload.getString("url");
        Instant now = clock.instant();
        return fetcher.fetch(URI.create(url), null, null, FeedFetcher.Format.ICALENDAR)
                .onFailure(FeedFetchException.class).transform(failure -> {
                    FeedFetchException fetch = (FeedFetchException) failure;
                    // a refused address or an oversized calendar will not change by retrying; a 503 may
                    boolean passing = fetch.status() >= 500 || fetch.status() == 429
                            || fetch.kind() == FeedFetchException.Kind.TIMEOUT
                            || fetch.kind() == FeedFetchException.Kind.CONNECTION;
                    return passing ? JobFailure.retryable(fetch.reason()) : JobFailure.permanent(fetch.reason());
                })
                .flatMap(fetched -> vertx.executeBlocking(Uni.createFrom().item(() -> parser.parse(fetched.body(),
                        fetched.contentType(), now.minus(Duration.ofDays(1)), now.plus(HORIZON), MAX_OCCURRENCES))))
                .onFailure(ICalendarParseException.class)
                .transform(failure -> JobFailure.permanent("not an iCalendar file: " + ((ICalendarParseException) failure).reason()))
                .call(parsed -> job.event("progress", new JsonObject().put("stage", "parsed").put("events", parsed.size())))
                .flatMap(parsed -> events.upsert(url, payload.getString("category"), payload.getString("city"), parsed))
                .map(counts -> new JsonObject().put("added", counts.added()).put("updated", counts.updated()));
    }
}
