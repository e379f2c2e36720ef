package dev.dnevnik.sync.source;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.jobs.Jobs;
import dev.dnevnik.sync.run.SyncRunHandler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Sources: checked, stored with their defaults made explicit. */
@ApplicationScoped
public class SourceService {

    private final SourceStore sources;
    private final Jobs jobs;

    public SourceService(SourceStore sources, Jobs jobs) {
        this.sources = sources;
        this.jobs = jobs;
    }

    public Uni<SourceView> create(SourceSpec spec) {
        return sources.insert(UUID.randomUUID(), checked(spec));
    }

    public Uni<SourceView> update(UUID id, SourceSpec spec) {
        return sources.update(id, checked(spec)).onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<SourceView> get(UUID id) {
        return sources.find(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<List<SourceView>> list(PageRequest page) {
        return sources.page(page);
    }

    /** Deletes a source, its runs and its mirrored items; a run in progress is cancelled first (nothing applied). */
    public Uni<Void> delete(UUID id) {
        return sources.activeRuns(id)
                .flatMap(runs -> Multi.createFrom().iterable(runs)
                        .onItem().transformToUniAndConcatenate(run -> jobs.cancel(run, SyncRunHandler.KIND))
                        .collect().asList())
                .flatMap(ignored -> sources.delete(id))
                .flatMap(deleted -> deleted ? Uni.createFrom().voidItem() : Uni.createFrom().failure(notFound(id)));
    }

    /**
     * The documented example: Yelp's partner programs API ({@code GET /programs/v1?offset=&limit=&program_status=ALL},
     * HTTP Basic with YELP_PARTNER_USER / YELP_PARTNER_PASSWORD, 40 per page, items at /payment_programs).
     */
    public Uni<SourceView> createYelpPrograms(YelpExample example) {
        return create(yelpPrograms(example));
    }

    public static SourceSpec yelpPrograms(YelpExample example) {
        String name = example == null || example.name() == null || example.name().isBlank()
                ? "Yelp partner programs" : example.name();
        return new SourceSpec(name, example == null ? null : example.baseUrl(), "/programs/v1",
                Map.of("program_status", "ALL"),
                new SourceSpec.Auth("basic", "YELP_PARTNER_USER", "YELP_PARTNER_PASSWORD", null),
                new SourceSpec.Pagination(SourceSpec.OFFSET_LIMIT, 40, "offset", "limit", null, null, null, null, null),
                "/payment_programs", "/total", "/program_id", 16, null, null, null, false, null);
    }

    private static SourceSpec checked(SourceSpec spec) {
        if (spec == null) {
            throw ProblemException.validation("body", "is required");
        }
        return spec.normalized();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No source " + id);
    }
}
