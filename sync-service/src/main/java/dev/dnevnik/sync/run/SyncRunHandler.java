package dev.dnevnik.sync.run;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dnevnik.jobs.Job;
import dev.dnevnik.jobs.JobContext;
import dev.dnevnik.jobs.JobEventNames;
import dev.dnevnik.jobs.JobFailure;
import dev.dnevnik.jobs.JobHandler;
import dev.dnevnik.sync.source.Secrets;
import dev.dnevnik.sync.source.SourceSpec;
import dev.dnevnik.sync.source.SourceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Runs a sync run (see {@link SyncRun}): its events are {@code start}, {@code info}, {@code progress}, then
 * {@code complete}, {@code failed} or {@code cancelled}. One attempt: a run that fails is reported, not retried.
 */
@ApplicationScoped
public class SyncRunHandler implements JobHandler {

    public static final String KIND = "sync-run";
    static final JobEventNames EVENTS = new JobEventNames("queued", "start", "retrying", "complete", "failed",
            "cancelled");
    private static final Logger LOG = Logger.getLogger(SyncRunHandler.class);

    private final SourceStore sources;
    private final RunStore runs;
    private final PageFetcher fetcher;
    private final Secrets secrets;
    private final SyncMetrics metrics;
    private final SyncConfig config;

    public SyncRunHandler(SourceStore sources, RunStore runs, PageFetcher fetcher, Secrets secrets, SyncMetrics metrics,
            SyncConfig config) {
        this.sources = sources;
        this.runs = runs;
        this.fetcher = fetcher;
        this.secrets = secrets;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JobEventNames eventNames() {
        return EVENTS;
    }

    @Override
    public Uni<JsonObject> run(JobContext job) {
        UUID runId = job.job().id();
        UUID sourceId = UUID.fromString(job.job().payload().getString("sourceId"));
        return sources.find(sourceId).flatMap(source -> {
            if (source == null) {
                return Uni.createFrom().failure(JobFailure.permanent("the source no longer exists"));
            }
            String authorization = authorization(source.spec());
            SyncRun run = new SyncRun(job, runId, sourceId, source.spec(), authorization, runs, fetcher, metrics,
                    config);
            long started = System.nanoTime();
            metrics.runStarted();
            LOG.infof("Sync run %s of source %s (%s) starts", runId, sourceId, source.spec().name());
            return runs.started(runId).flatMap(ignored -> run.execute())
                    .onTermination().invoke((result, failure, cancelled) -> {
                        metrics.runEnded();
                        String outcome = cancelled ? "cancelled" : failure != null ? "failed" : "succeeded";
                        metrics.run(outcome, Duration.ofNanos(System.nanoTime() - started));
                        LOG.infof("Sync run %s ended: %s%s", runId, outcome,
                                failure != null ? " (" + failure.getMessage() + ")" : "");
                    });
        });
    }

    /** The Authorization header the source's auth asks for, its secrets read from the environment now. */
    private String authorization(SourceSpec spec) {
        SourceSpec.Auth auth = spec.auth();
        return switch (auth.type()) {
            case "basic" -> PageFetcher.basic(secret(auth.usernameEnv()), secret(auth.passwordEnv()));
            case "bearer" -> "Bearer " + secret(auth.tokenEnv());
            default -> null;
        };
    }

    private String secret(String name) {
        String value = secrets.value(name);
        if (value == null || value.isEmpty()) {
            throw JobFailure.permanent("the environment variable " + name + " is not set");
        }
        return value;
    }

    @Override
    public Uni<Void> ended(Job job, String reason) {
        boolean cancelled = "cancelled".equals(reason);
        return runs.ended(job.id(), cancelled ? "cancelled" : "failed", cancelled ? null : reason, null);
    }
}
