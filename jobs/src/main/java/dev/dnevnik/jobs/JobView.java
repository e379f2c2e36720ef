package dev.dnevnik.jobs;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.vertx.core.json.JsonObject;

/** A job's status as clients see it; its events stream at {@code <its URL>/events}. */
@Schema(description = "A long-running job and its status")
public record JobView(UUID id, @Schema(example = "feed-refresh") String kind,
        @Schema(example = "running", enumeration = { "queued", "running", "succeeded", "failed", "cancelled" }) String state,
        @Schema(description = "Attempts started so far") int attempt, int maxAttempts,
        @Schema(description = "Why the last attempt failed, or why the job failed for good") String error,
        @Schema(description = "What the job produced, once succeeded") Object result,
        Instant createdAt, Instant startedAt, Instant finishedAt) {

    public static JobView of(Job job) {
        JsonObject result = job.result();
        return new JobView(job.id(), job.kind(), job.state().value(), job.attempt(), job.maxAttempts(),
                job.lastError(), result == null ? null : result.getMap(), job.createdAt(), job.startedAt(),
                job.finishedAt());
    }
}
