package dev.dnevnik.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Does the work of one kind of job. A CDI bean implementing this is found by the jobs module and its jobs are run by
 * every replica's worker, at most {@code dnevnik.jobs.kinds.<kind>.concurrency} at a time per replica.
 *
 * <p>
 * A job may run more than once (a retry, or a replica died after doing the work but before recording it), so the
 * work must be safe to repeat: insert-or-ignore, upsert by the job's id.
 */
public interface JobHandler {

    /** The kind of job handled, e.g. {@code feed-refresh}. */
    String kind();

    /**
     * Does the work. The item is the job's result (stored, and the data of the final event). A failure is retried
     * with backoff until the job's attempts are used up; a {@link JobFailure#permanent} one is not retried. The
     * returned Uni is cancelled when the job is cancelled or its lease is lost.
     */
    Uni<JsonObject> run(JobContext job);

    /**
     * Called once when a job of this kind ends without success (failed for good, or cancelled), e.g. to mark a row of
     * the caller's own; {@code reason} says why.
     */
    default Uni<Void> ended(Job job, String reason) {
        return Uni.createFrom().voidItem();
    }

    /** The names of the lifecycle events sent to this kind's SSE clients. */
    default JobEventNames eventNames() {
        return JobEventNames.DEFAULT;
    }
}
