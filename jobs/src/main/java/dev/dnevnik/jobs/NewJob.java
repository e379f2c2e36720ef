package dev.dnevnik.jobs;

import java.time.Instant;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * A job to enqueue.
 *
 * @param id the job's id; callers that create a row of their own for the job (a digest) choose it, else random
 * @param key while a job with this kind and key is queued or running, enqueueing another one returns that job
 *        instead (one refresh per feed at a time); null for no such rule
 * @param runAt not before this instant; null for now
 * @param maxAttempts attempts before the job fails for good; null for the kind's configured default
 */
public record NewJob(UUID id, String kind, String key, JsonObject payload, Instant runAt, Integer maxAttempts) {

    public static NewJob of(String kind, JsonObject payload) {
        return new NewJob(UUID.randomUUID(), kind, null, payload, null, null);
    }

    public NewJob withId(UUID newId) {
        return new NewJob(newId, kind, key, payload, runAt, maxAttempts);
    }

    public NewJob withKey(String newKey) {
        return new NewJob(id, kind, newKey, payload, runAt, maxAttempts);
    }

    public NewJob runAt(Instant when) {
        return new NewJob(id, kind, key, payload, when, maxAttempts);
    }

    public NewJob maxAttempts(int attempts) {
        return new NewJob(id, kind, key, payload, runAt, attempts);
    }
}
