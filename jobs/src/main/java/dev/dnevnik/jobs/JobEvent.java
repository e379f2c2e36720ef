package dev.dnevnik.jobs;

import io.vertx.core.json.JsonObject;

/**
 * One event of a job, as its SSE clients see it.
 *
 * @param seq the event's number within its job, 1, 2, 3…: the SSE id a client resumes after
 * @param last true for the job's final event (succeeded, failed, cancelled): the stream ends after it
 */
public record JobEvent(int seq, String name, JsonObject data, boolean last) {

    /** Not an event: a keep-alive tick of a stream (sent as an SSE comment). */
    static final JobEvent KEEP_ALIVE = new JobEvent(0, null, null, false);

    public boolean keepAlive() {
        return name == null;
    }
}
