package dev.dnevnik.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.dnevnik.common.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The jobs module's entry point for a service: enqueue, look up and cancel jobs, and stream their events. At start it
 * begins listening for notifications and, unless {@code dnevnik.jobs.worker-enabled=false}, runs the jobs of every
 * {@link JobHandler} bean.
 */
@ApplicationScoped
public class Jobs {

    private static final Logger LOG = Logger.getLogger(Jobs.class);
    /** How long a stopping replica lets its running jobs finish before giving them back to the queue. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final Duration STREAM_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAKE_UP_INTERVAL = Duration.ofMillis(20);
    /** The LISTEN connection's meters: postgresql_*{clientName="jobs-listen"}, beside the pool's. */
    static final String LISTEN_METRICS_NAME = "postgresql|jobs-listen";

    private final JobsConfig config;
    private final JobStore store;
    private final Map<String, JobHandler> handlers = new HashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> lastWakeUp = new java.util.concurrent.ConcurrentHashMap<>();
    private final JobNotifications notifications;
    private final JobEventStream streams;
    private final JobMetrics metrics;
    private final JobWorker worker;
    private final Vertx vertx;
    private long countTimer = -1;
    private long purgeTimer = -1;

    @Inject
    public Jobs(Pool pool, Vertx vertx, JobsConfig config, @Any Instance<JobHandler> handlerBeans,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String databaseUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this(pool, vertx, config, (Iterable<JobHandler>) handlerBeans, registry, databaseUrl, user, password);
    }

    Jobs(Pool pool, Vertx vertx, JobsConfig config, Iterable<JobHandler> handlerBeans, MeterRegistry registry,
            String databaseUrl, Optional<String> user, Optional<String> password) {
        this.config = config;
        this.vertx = vertx;
        this.store = new JobStore(pool);
        for (JobHandler handler : handlerBeans) {
            if (handlers.put(handler.kind(), handler) != null) {
                throw new IllegalStateException("Two job handlers for kind " + handler.kind());
            }
        }
        PgConnectOptions listen = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(listen::setUser);
        password.ifPresent(listen::setPassword);
        // Vert.x meters a client under its metrics name "<prefix>|<client name>"; Quarkus names the pool
        // "postgresql|<datasource>". Unnamed, this connection's meters came out as m__*{clientName="<default>"}.
        listen.setMetricsName(LISTEN_METRICS_NAME);
        this.notifications = new JobNotifications(vertx, listen);
        this.streams = new JobEventStream(vertx, store, notifications, config.keepAlive(), config.pollInterval());
        this.metrics = new JobMetrics(registry, handlers.keySet());
        this.worker = new JobWorker(vertx, store, config, handlers, metrics, notifications, workerId(),
                ThreadLocalRandom.current());
    }

    void start(@Observes StartupEvent started) {
        notifications.start();
        if (config.workerEnabled()) {
            worker.start();
            LOG.infof("Job worker %s runs %s", worker.id(), handlers.keySet());
        }
        countTimer = vertx.setPeriodic(5_000, tick -> store.counts().subscribe().with(metrics::counted,
                failure -> LOG.debugf("Could not count jobs: %s", failure.getMessage())));
        purgeTimer = vertx.setPeriodic(Duration.ofHours(1).toMillis(), tick -> store
                .purgeFinishedBefore(config.retention()).subscribe().with(
                        purged -> LOG.debugf("Purged %d finished jobs", purged),
                        failure -> LOG.warnf("Could not purge finished jobs: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(countTimer);
        vertx.cancelTimer(purgeTimer);
        if (config.workerEnabled()) {
            worker.stop(SHUTDOWN_GRACE);
        }
        notifications.stop();
    }

    /** Enqueues a job (or finds the unfinished one with the same kind and key). */
    public Uni<Enqueued> enqueue(NewJob job) {
        boolean runHere = runsHere(job);
        return store.insert(store.pool(), job, maxAttempts(job), eventNames(job.kind()).queued(), wakeUp(job, runHere))
                .invoke(enqueued -> wakeLocalWorker(job, runHere));
    }

    /**
     * Enqueues a job and, in the same transaction and only if it was created, runs {@code alongside} (e.g. inserts
     * the row the job will fill in): both commit or neither does.
     */
    public Uni<Enqueued> enqueue(NewJob job, Function<SqlConnection, Uni<?>> alongside) {
        boolean runHere = runsHere(job);
        return store.insertWith(job, maxAttempts(job), eventNames(job.kind()).queued(), wakeUp(job, runHere), alongside)
                .invoke(enqueued -> wakeLocalWorker(job, runHere));
    }

    /**
     * A job due now that this replica's worker has a free slot for is claimed here at once, without a NOTIFY (each
     * NOTIFY serialises commits database-wide); otherwise every replica is woken.
     */
    private boolean runsHere(NewJob job) {
        return config.workerEnabled() && worker.hasFreeSlot(job.kind())
                && (job.runAt() == null || !job.runAt().isAfter(java.time.Instant.now()));
    }

    private void wakeLocalWorker(NewJob job, boolean runHere) {
        if (runHere) {
            worker.claimSoon(job.kind());
        }
    }

    /**
     * Whether this enqueue NOTIFYs the other replicas: not when it runs here, and at most once per
     * {@link #WAKE_UP_INTERVAL} per kind: a woken worker claims everything due (and claims again as its jobs end), so
     * a burst needs one wake-up, not one per job; a job enqueued just after one waits at most for a poll.
     */
    private boolean wakeUp(NewJob job, boolean runHere) {
        if (runHere || (job.runAt() != null && job.runAt().isAfter(java.time.Instant.now()))) {
            return false;
        }
        long now = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong last = lastWakeUp.computeIfAbsent(job.kind(),
                kind -> new java.util.concurrent.atomic.AtomicLong(now - WAKE_UP_INTERVAL.toNanos()));
        long previous = last.get();
        return now - previous >= WAKE_UP_INTERVAL.toNanos() && last.compareAndSet(previous, now);
    }

    /** The job, or null. */
    public Uni<Job> find(UUID id) {
        return store.find(id);
    }

    /**
     * Cancels a job: a queued one at once, a running one as soon as its worker hears of it (its work is cancelled).
     *
     * @return false when the job had already finished (or does not exist)
     */
    public Uni<Boolean> cancel(UUID id, String kind) {
        return store.cancel(id, eventNames(kind).cancelled()).flatMap(outcome -> switch (outcome) {
            case CANCELLED -> store.find(id).flatMap(job -> handlers.containsKey(kind)
                    ? handlers.get(kind).ended(job, "cancelled") : Uni.createFrom().voidItem()).replaceWith(true);
            case STOPPING -> Uni.createFrom().item(true);
            case ALREADY_FINISHED -> Uni.createFrom().item(false);
        });
    }

    /**
     * The job's events after the client's {@code Last-Event-ID} (null or blank: from the first), then live ones,
     * ending after the final event; keep-alive ticks in between (see {@link #toSse}).
     *
     * @throws ProblemException 400 when Last-Event-ID is not an event id of ours
     */
    public Multi<JobEvent> events(UUID jobId, String lastEventId) {
        return streams.after(jobId, parseLastEventId(lastEventId));
    }

    /**
     * The SSE stream of a job's events (see {@link #events}) once {@code check} has passed, e.g. that the caller owns
     * the job's digest. An SSE response starts (status and headers sent) as soon as its stream is returned, so the
     * check must be decided first for its failure (a 404) to be answered as a problem: call this from a
     * {@code @Blocking} resource method; the check's one query waits on a worker thread, the stream itself does not
     * block.
     */
    public <T> Multi<OutboundSseEvent> sse(Uni<T> check, Function<T, UUID> jobIdOf, String lastEventId, Sse sse) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Jobs.sse waits for its check: call it from a @Blocking method");
        }
        int after = parseLastEventId(lastEventId);
        T checked = check.await().atMost(STREAM_CHECK_TIMEOUT);
        return streams.after(jobIdOf.apply(checked), after).map(event -> toSse(sse, event));
    }

    /** An event as SSE: id, event name and JSON data; a keep-alive tick as a comment line. */
    public static OutboundSseEvent toSse(Sse sse, JobEvent event) {
        if (event.keepAlive()) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        // the data is JSON already: sent as text so that it is not serialised a second time
        return sse.newEventBuilder().id(Integer.toString(event.seq())).name(event.name())
                .data(String.class, event.data().encode()).build();
    }

    static int parseLastEventId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            int seq = Integer.parseInt(lastEventId.strip());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.validation("Last-Event-ID", "must be the id of an event of this stream");
    }

    private int maxAttempts(NewJob job) {
        return job.maxAttempts() != null ? job.maxAttempts() : config.kind(job.kind()).maxAttempts();
    }

    private JobEventNames eventNames(String kind) {
        JobHandler handler = handlers.get(kind);
        return handler == null ? JobEventNames.DEFAULT : handler.eventNames();
    }

    private static String workerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
