package dev.dnevnik.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** A running job as its handler sees it. */
public interface JobContext {

    Job job();

    /**
     * Sends a progress event to the job's SSE clients on every replica (stored, so a client that connects later or
     * resumes with Last-Event-ID still gets it in order).
     */
    Uni<Void> event(String name, JsonObject data);

    /** True once the job was cancelled or its lease lost: the work should stop (its Uni is also cancelled). */
    boolean stopped();
}
