package dev.dnevnik.news.event;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.jobs.Enqueued;
import dev.dnevnik.jobs.Job;
import dev.dnevnik.jobs.Jobs;
import dev.dnevnik.jobs.NewJob;
import dev.dnevnik.news.category.Categories;
import dev.dnevnik.news.feed.FetchUrls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Events: operators' edits, iCalendar imports as jobs, and the upcoming list. */
@ApplicationScoped
public class EventService {

    private final EventStore events;
    private final Categories categories;
    private final Jobs jobs;

    public EventService(EventStore events, Categories categories, Jobs jobs) {
        this.events = events;
        this.categories = categories;
        this.jobs = jobs;
    }

    public Uni<List<EventView>> list(EventFilter filter) {
        if (filter.category() == null) {
            return events.page(filter);
        }
        return categories.requireKnown("category", filter.category()).flatMap(ignored -> events.page(filter));
    }

    public Uni<EventView> get(UUID id) {
        return events.find(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<EventView> create(EventInput input) {
        check(input);
        return categories.requireKnown("category", input.category().strip()).flatMap(ignored -> events.insert(UUID.randomUUID(), input));
    }

    public Uni<EventView> update(UUID id, EventInput input) {
        check(input);
        return categories.requireKnown("category", input.category().strip()).flatMap(ignored -> events.update(id, input))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<Void> delete(UUID id) {
        return events.delete(id).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
        }).replaceWithVoid();
    }

    /** Imports an iCalendar feed as a job; one import per URL at a time. */
    public Uni<Job> startImport(EventImportRequest request) {
        String url = FetchUrls.requireHttp("url", request.url());
        String category = request.category().strip();
        String city = request.city() == null || request.city().isBlank() ? null : request.city().strip();
        JsonObject payload = new JsonObject().put("url", url).put("category", category).put("city", city);
        return categories.requireKnown("category", category)
                .flatMap(ignored -> jobs.enqueue(NewJob.of(ICalendarImportHandler.KIND, payload).withKey("ical:" + url)))
                .map(Enqueued::job);
    }

    public Uni<Job> importJob(UUID jobId) {
        return jobs.find(jobId).map(job -> {
            if (job == null || !ICalendarImportHandler.KIND.equals(job.kind())) {
                throw ProblemException.notFound("No event import " + jobId);
            }
            return job;
        });
    }

    private static void check(EventInput input) {
        if (input.endsAt() != null && input.endsAt().isBefore(input.startsAt())) {
            throw ProblemException.validation("endsAt", "must not be before startsAt");
        }
        if (input.url() != null && !input.url().isBlank()) {
            FetchUrls.requireHttp("url", input.url());
        }
        if (input.timeZone() != null) {
            try {
                ZoneId.of(input.timeZone());
            } catch (DateTimeException e) {
                throw ProblemException.validation("timeZone", "is not an IANA time zone such as Europe/Kyiv");
            }
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No event " + id);
    }
}
