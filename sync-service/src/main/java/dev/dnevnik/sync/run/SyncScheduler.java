package dev.dnevnik.sync.run;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.sync.source.SourceStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs sources on their schedule: every tick takes the due ones (moving each to its next time in the same
 * statement, so replicas do not both take it) and enqueues a run of each; a source whose run is still going is
 * skipped until its next time. It also drops staged items that no running run owns (a run cancelled while a page
 * was being staged).
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SourceStore sources;
    private final RunService runs;
    private final RunStore store;

    public SyncScheduler(SourceStore sources, RunService runs, RunStore store) {
        this.sources = sources;
        this.runs = runs;
        this.store = store;
    }

    @Scheduled(every = "${dnevnik.sync.schedule-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return sources.takeDue()
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(source -> runs.enqueue(source)
                                .invoke(run -> LOG.infof("Scheduled run %s of source %s", run.id(), source.id()))
                                .onFailure(ProblemException.class).recoverWithNull())
                        .collect().asList())
                .flatMap(ignored -> store.pool().query("""
                        DELETE FROM sync_staging s
                         WHERE NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.id = s.run_id AND r.status = 'running')""")
                        .execute())
                .onFailure().invoke(failure -> LOG.warnf("Scheduled sync tick failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
