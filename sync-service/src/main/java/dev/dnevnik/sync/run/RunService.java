package dev.dnevnik.sync.run;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.idempotency.IdempotencyService;
import dev.dnevnik.idempotency.IdempotentRequest;
import dev.dnevnik.idempotency.IdempotentResponse;
import dev.dnevnik.jobs.Jobs;
import dev.dnevnik.jobs.NewJob;
import dev.dnevnik.sync.source.SourceStore;
import dev.dnevnik.sync.source.SourceView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Runs: started as jobs (one at a time per source), looked up, listed, cancelled. */
@ApplicationScoped
public class RunService {

    private final RunStore runs;
    private final SourceStore sources;
    private final IdempotencyService idempotency;
    private final Jobs jobs;

    public RunService(RunStore runs, SourceStore sources, IdempotencyService idempotency, Jobs jobs) {
        this.runs = runs;
        this.sources = sources;
        this.idempotency = idempotency;
        this.jobs = jobs;
    }

    /** Starts a run of the source, once per Idempotency-Key; 409 while another run of it is queued or running. */
    public Uni<IdempotentResponse<RunView>> start(UUID operator, UUID sourceId, String idempotencyKey,
            Function<UUID, URI> locationOf) {
        IdempotentRequest request = new IdempotentRequest(operator.toString(), "POST /sync/sources/{id}/runs",
                idempotencyKey, Map.of("sourceId", sourceId.toString()));
        return idempotency.execute(request, RunView.class,
                () -> sources.find(sourceId).onItem().ifNull().failWith(() -> ProblemException.notFound("No source " + sourceId)),
                source -> enqueue(source).map(run -> IdempotentResponse.accepted(locationOf.apply(run.id()), run)));
    }

    /** Enqueues a run of the source, or fails with 409 when one is queued or running. */
    public Uni<RunView> enqueue(SourceView source) {
        UUID id = UUID.randomUUID();
        RunView[] inserted = new RunView[1];
        NewJob job = NewJob.of(SyncRunHandler.KIND, new JsonObject().put("sourceId", source.id().toString()))
                .withId(id).withKey(key(source.id())).maxAttempts(1);
        return jobs.enqueue(job, connection -> runs.insert(connection, id, source.id(), source.spec().name())
                .invoke(run -> inserted[0] = run)).map(enqueued -> {
                    if (!enqueued.created()) {
                        throw ProblemException.of("sync/run-in-progress", "A run of this source is in progress", 409,
                                "Run " + enqueued.job().id() + " of this source is queued or running: follow it, or "
                                        + "cancel it first");
                    }
                    return inserted[0];
                });
    }

    static String key(UUID sourceId) {
        return "source:" + sourceId;
    }

    public Uni<RunView> get(UUID id) {
        return runs.find(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /** Newest first, of one source (which must exist) or of all. */
    public Uni<List<RunView>> list(UUID sourceId, PageRequest page) {
        if (sourceId == null) {
            return runs.page(null, page);
        }
        return sources.find(sourceId).onItem().ifNull().failWith(() -> ProblemException.notFound("No source " + sourceId))
                .flatMap(source -> runs.page(sourceId, page));
    }

    /** Cancels a queued or running run (nothing of it is applied); 409 when it has already ended. */
    public Uni<RunView> cancel(UUID id) {
        return get(id).flatMap(run -> jobs.cancel(id, SyncRunHandler.KIND)).flatMap(cancelled -> {
            if (!cancelled) {
                return Uni.createFrom().failure(ProblemException.of("sync/run-finished", "The run has already ended",
                        409, "Run " + id + " has already ended"));
            }
            return get(id);
        });
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No run " + id);
    }
}
