package dev.dnevnik.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The jobs table and its events, in SQL over the reactive client. Every change of state writes its event in the same
 * statement, so no state change is ever without its event. Events of a job an SSE client follows ({@code watched})
 * are announced with {@code pg_notify}, which PostgreSQL delivers on commit (a listener never hears of an event it
 * cannot read yet); other jobs' events are not, because NOTIFY serialises committing transactions database-wide.
 */
final class JobStore {

    /** Channel: a job of the kind named in the payload can be claimed. */
    static final String WAKE_UP = "dnevnik_jobs";
    /** Channel: the job whose id is the payload was asked to stop. */
    static final String CANCEL = "dnevnik_job_cancel";
    /** Channel: {@code <job id>:<seq>}, an event was stored. */
    static final String EVENTS = "dnevnik_job_events";

    private static final String COLUMNS = """
            id, kind, job_key, state, payload, result, attempt, max_attempts, last_error, created_at, run_at,
            started_at, finished_at""";

    private static final String INSERT = """
            WITH job AS (
                INSERT INTO jobs (id, kind, job_key, state, payload, max_attempts, run_at, last_event)
                VALUES ($1, $2, $3, 'queued', $4, $5, coalesce($6, now()), 1)
                ON CONFLICT (kind, job_key) WHERE job_key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
                RETURNING %s),
              event AS (INSERT INTO job_events (job_id, seq, name, data) SELECT id, 1, $7, '{}' FROM job)
            SELECT job.*, CASE WHEN $8 THEN pg_notify('%s', job.kind)::text END AS notified FROM job"""
            .formatted(COLUMNS, WAKE_UP);

    private static final String ACTIVE_WITH_KEY = "SELECT " + COLUMNS
            + " FROM jobs WHERE kind = $1 AND job_key = $2 AND state IN ('queued', 'running')";

    private static final String FIND = "SELECT " + COLUMNS + " FROM jobs WHERE id = $1";

    /**
     * Due queued jobs, and running jobs whose lease ran out (their worker died), oldest first; a row another worker
     * is claiming right now is skipped, not waited for. The "running" event of each job that will run is written in
     * the same statement.
     */
    private static final String CLAIM = """
            WITH next AS (
                SELECT id, state AS was FROM jobs
                 WHERE kind = $1
                   AND ((state = 'queued' AND run_at <= now()) OR (state = 'running' AND lease_until < now()))
                 ORDER BY run_at, created_at
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED)
            , claimed AS (
            UPDATE jobs j
               SET state = 'running', attempt = j.attempt + 1, worker = $3,
                   lease_until = now() + make_interval(secs => $4), started_at = coalesce(j.started_at, now()),
                   updated_at = now(),
                   last_event = j.last_event + CASE WHEN j.cancel_requested OR j.attempt >= j.max_attempts THEN 0 ELSE 1 END
              FROM next
             WHERE j.id = next.id
            RETURNING %s, next.was, j.cancel_requested, j.watched, j.last_event,
                      NOT j.cancel_requested AND j.attempt <= j.max_attempts AS runs)
            , event AS (INSERT INTO job_events (job_id, seq, name, data)
                        SELECT id, last_event, $5, jsonb_build_object('attempt', attempt, 'maxAttempts', max_attempts)
                          FROM claimed WHERE runs)
            SELECT *, now() AS claimed_at,
                   CASE WHEN runs AND watched THEN pg_notify('%s', id::text || ':' || last_event)::text END AS notified
              FROM claimed""".formatted(prefixed("j", COLUMNS), EVENTS);

    private static final String HEARTBEAT = """
            UPDATE jobs SET lease_until = now() + make_interval(secs => $3), updated_at = now()
             WHERE id = ANY($1) AND worker = $2 AND state = 'running'
            RETURNING id, cancel_requested""";

    /** A state change of a job this worker holds, with its event; nothing happens if the worker lost the job. */
    private static final String FINISH_HELD = """
            WITH job AS (
                UPDATE jobs SET state = $4, result = $5, last_error = $6, finished_at = now(), worker = NULL,
                       lease_until = NULL, last_event = last_event + 1, updated_at = now()
                 WHERE id = $1 AND worker = $2 AND attempt = $3 AND state = 'running'
                RETURNING id, last_event, watched),
              event AS (INSERT INTO job_events (job_id, seq, name, data, final)
                        SELECT id, last_event, $7, $8, true FROM job RETURNING job_id, seq)
            SELECT seq, CASE WHEN watched THEN pg_notify('%s', job_id::text || ':' || seq)::text END
              FROM event JOIN job ON job.id = event.job_id""".formatted(EVENTS);

    private static final String RETRY_HELD = """
            WITH job AS (
                UPDATE jobs SET state = 'queued', last_error = $4, run_at = now() + make_interval(secs => $5),
                       worker = NULL, lease_until = NULL, last_event = last_event + 1, updated_at = now()
                 WHERE id = $1 AND worker = $2 AND attempt = $3 AND state = 'running'
                RETURNING id, last_event, run_at, watched),
              event AS (INSERT INTO job_events (job_id, seq, name, data)
                        SELECT id, last_event, $6, jsonb_build_object('attempt', $3, 'reason', $4, 'nextAttemptAt', run_at)
                          FROM job RETURNING job_id, seq)
            SELECT seq, CASE WHEN watched THEN pg_notify('%s', job_id::text || ':' || seq)::text END
              FROM event JOIN job ON job.id = event.job_id""".formatted(EVENTS);

    /** Cancels a queued job at once; a running one is flagged and its worker told. */
    private static final String CANCEL_QUEUED = """
            WITH job AS (
                UPDATE jobs SET state = 'cancelled', finished_at = now(), last_error = 'cancelled',
                       last_event = last_event + 1, updated_at = now()
                 WHERE id = $1 AND state = 'queued'
                RETURNING id, last_event, watched),
              event AS (INSERT INTO job_events (job_id, seq, name, data, final)
                        SELECT id, last_event, $2, '{}', true FROM job RETURNING job_id, seq)
            SELECT seq, CASE WHEN watched THEN pg_notify('%s', job_id::text || ':' || seq)::text END
              FROM event JOIN job ON job.id = event.job_id""".formatted(EVENTS);

    private static final String FLAG_RUNNING_CANCELLED = """
            UPDATE jobs SET cancel_requested = true, updated_at = now() WHERE id = $1 AND state = 'running'
            RETURNING pg_notify('%s', id::text)::text""".formatted(CANCEL);

    private static final String EVENT = """
            WITH job AS (UPDATE jobs SET last_event = last_event + 1 WHERE id = $1 RETURNING id, last_event, watched),
              event AS (INSERT INTO job_events (job_id, seq, name, data) SELECT id, last_event, $2, $3 FROM job
                        RETURNING job_id, seq)
            SELECT seq, CASE WHEN watched THEN pg_notify('%s', job_id::text || ':' || seq)::text END
              FROM event JOIN job ON job.id = event.job_id""".formatted(EVENTS);

    private static final String WATCH = "UPDATE jobs SET watched = true WHERE id = $1 AND NOT watched";

    private static final String EVENTS_AFTER = """
            SELECT seq, name, data, final FROM job_events WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT 500""";

    /** A worker that stops gives its running jobs back, as if the attempt had not started. */
    private static final String RELEASE_WORKER = """
            UPDATE jobs SET state = 'queued', attempt = greatest(attempt - 1, 0), worker = NULL, lease_until = NULL,
                   run_at = now(), updated_at = now()
             WHERE worker = $1 AND state = 'running'
            RETURNING pg_notify('%s', kind)::text""".formatted(WAKE_UP);

    private final Pool pool;

    JobStore(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    /** Inserts the job unless one with its kind and key is unfinished; then returns that one. */
    /** @param wakeUp whether to NOTIFY the workers of every replica (not needed when this replica runs it now) */
    Uni<Enqueued> insert(SqlClient client, NewJob job, int maxAttempts, String queuedEvent, boolean wakeUp) {
        Tuple args = Tuple.tuple().addUUID(job.id()).addString(job.kind()).addString(job.key())
                .addValue(job.payload() == null ? new JsonObject() : job.payload()).addInteger(maxAttempts)
                .addOffsetDateTime(job.runAt() == null ? null : job.runAt().atOffset(ZoneOffset.UTC))
                .addString(queuedEvent).addBoolean(wakeUp);
        return client.preparedQuery(INSERT).execute(args).flatMap(rows -> {
            if (rows.rowCount() == 1) {
                return Uni.createFrom().item(new Enqueued(job(rows.iterator().next()), true));
            }
            // the key is held by an unfinished job: that is the answer (it may have just finished: then try again)
            return client.preparedQuery(ACTIVE_WITH_KEY).execute(Tuple.of(job.kind(), job.key()))
                    .flatMap(active -> active.rowCount() == 1
                            ? Uni.createFrom().item(new Enqueued(job(active.iterator().next()), false))
                            : insert(client, job, maxAttempts, queuedEvent, wakeUp));
        });
    }

    /** Inserts the job and runs {@code alongside} in the same transaction, only if the job was created. */
    Uni<Enqueued> insertWith(NewJob job, int maxAttempts, String queuedEvent, boolean wakeUp,
            Function<SqlConnection, Uni<?>> alongside) {
        return pool.withTransaction(connection -> insert(connection, job, maxAttempts, queuedEvent, wakeUp)
                .call(enqueued -> enqueued.created() ? alongside.apply(connection) : Uni.createFrom().voidItem()));
    }

    Uni<Job> find(UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : job(rows.iterator().next()));
    }

    /** A claimed job, with what it was before: a running job claimed again was rescued from a dead worker. */
    record Claimed(Job job, boolean rescued, boolean cancelRequested, Instant claimedAt) {
    }

    Uni<List<Claimed>> claim(String kind, int limit, String worker, Duration lease, String runningEvent) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(kind, limit, worker, seconds(lease), runningEvent)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                claimed.add(new Claimed(job(row), "running".equals(row.getString("was")),
                        row.getBoolean("cancel_requested"), row.getOffsetDateTime("claimed_at").toInstant()));
            }
            return claimed;
        });
    }

    /** Renews the leases of the given jobs; the answer maps each job still held to whether it was asked to stop. */
    Uni<Map<UUID, Boolean>> heartbeat(List<UUID> ids, String worker, Duration lease) {
        return pool.preparedQuery(HEARTBEAT).execute(Tuple.of(ids.toArray(UUID[]::new), worker, seconds(lease)))
                .map(rows -> {
                    Map<UUID, Boolean> held = new java.util.HashMap<>();
                    for (Row row : rows) {
                        held.put(row.getUUID("id"), row.getBoolean("cancel_requested"));
                    }
                    return held;
                });
    }

    /** @return false when the worker no longer held the job (its lease ran out and another worker took it) */
    Uni<Boolean> finish(Job job, String worker, JobState state, JsonObject result, String error, String eventName,
            JsonObject eventData) {
        Tuple args = Tuple.tuple().addUUID(job.id()).addString(worker).addInteger(job.attempt())
                .addString(state.value()).addValue(result).addString(error).addString(eventName)
                .addValue(eventData == null ? new JsonObject() : eventData);
        return pool.preparedQuery(FINISH_HELD).execute(args).map(rows -> rows.rowCount() == 1);
    }

    Uni<Boolean> retryLater(Job job, String worker, String reason, Duration backoff, String eventName) {
        Tuple args = Tuple.tuple().addUUID(job.id()).addString(worker).addInteger(job.attempt()).addString(reason)
                .addDouble(seconds(backoff)).addString(eventName);
        return pool.preparedQuery(RETRY_HELD).execute(args).map(rows -> rows.rowCount() == 1);
    }

    enum CancelOutcome {
        /** It was queued and is cancelled now. */
        CANCELLED,
        /** It is running; its worker was told to stop it. */
        STOPPING,
        /** Nothing to cancel: finished already, or no such job. */
        ALREADY_FINISHED
    }

    Uni<CancelOutcome> cancel(UUID id, String cancelledEvent) {
        return pool.preparedQuery(CANCEL_QUEUED).execute(Tuple.of(id, cancelledEvent)).flatMap(rows -> rows.rowCount() == 1
                ? Uni.createFrom().item(CancelOutcome.CANCELLED)
                : pool.preparedQuery(FLAG_RUNNING_CANCELLED).execute(Tuple.of(id)).map(flagged -> flagged.rowCount() == 1
                        ? CancelOutcome.STOPPING : CancelOutcome.ALREADY_FINISHED));
    }

    Uni<Integer> event(UUID jobId, String name, JsonObject data) {
        return pool.preparedQuery(EVENT).execute(Tuple.of(jobId, name, data == null ? new JsonObject() : data))
                .map(rows -> rows.rowCount() == 0 ? 0 : rows.iterator().next().getInteger("seq"));
    }

    /** From now on the job's events are announced (a client follows it). */
    Uni<Void> watch(UUID jobId) {
        return pool.preparedQuery(WATCH).execute(Tuple.of(jobId)).replaceWithVoid();
    }

    Uni<List<JobEvent>> eventsAfter(UUID jobId, int seq) {
        return pool.preparedQuery(EVENTS_AFTER).execute(Tuple.of(jobId, seq)).map(rows -> {
            List<JobEvent> events = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                Object data = row.getValue("data");
                events.add(new JobEvent(row.getInteger("seq"), row.getString("name"),
                        data instanceof JsonObject object ? object : new JsonObject(), row.getBoolean("final")));
            }
            return events;
        });
    }

    Uni<Integer> releaseWorker(String worker) {
        return pool.preparedQuery(RELEASE_WORKER).execute(Tuple.of(worker)).map(RowSet::rowCount);
    }

    /** Jobs per kind and state, for the gauges. */
    Uni<Map<String, Map<JobState, Long>>> counts() {
        return pool.query("SELECT kind, state, count(*) AS jobs FROM jobs GROUP BY kind, state").execute().map(rows -> {
            Map<String, Map<JobState, Long>> counts = new java.util.HashMap<>();
            for (Row row : rows) {
                counts.computeIfAbsent(row.getString("kind"), k -> new java.util.EnumMap<>(JobState.class))
                        .put(JobState.of(row.getString("state")), row.getLong("jobs"));
            }
            return counts;
        });
    }

    Uni<Integer> purgeFinishedBefore(Duration retention) {
        return pool.preparedQuery("DELETE FROM jobs WHERE finished_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(seconds(retention))).map(RowSet::rowCount);
    }

    static Job job(Row row) {
        return new Job(row.getUUID("id"), row.getString("kind"), row.getString("job_key"),
                JobState.of(row.getString("state")), json(row.getValue("payload")), json(row.getValue("result")),
                row.getInteger("attempt"), row.getInteger("max_attempts"), row.getString("last_error"),
                instant(row, "created_at"), instant(row, "run_at"), instant(row, "started_at"),
                instant(row, "finished_at"));
    }

    private static JsonObject json(Object value) {
        return value instanceof JsonObject object ? object : null;
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String prefixed(String alias, String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",")) {
            out.append(out.isEmpty() ? "" : ", ").append(alias).append('.').append(column.strip());
        }
        return out.toString();
    }
}
