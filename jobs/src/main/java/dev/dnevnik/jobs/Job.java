package dev.dnevnik.jobs;

import java.time.Instant;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * A job as stored: one unit of long work.
 *
 * @param key the unique key while the job is queued or running (one refresh per feed), or null
 * @param attempt how many times a worker has started it
 * @param result what the handler returned, once succeeded
 * @param lastError why the last attempt failed (or why the job failed for good)
 */
public record Job(UUID id, String kind, String key, JobState state, JsonObject payload, JsonObject result,
        int attempt, int maxAttempts, String lastError, Instant createdAt, Instant runAt, Instant startedAt,
        Instant finishedAt) {
}
