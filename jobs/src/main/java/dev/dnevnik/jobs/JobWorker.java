package dev.dnevnik.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import org.jboss.logging.Logger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;

/**
 * One replica's worker: claims due jobs of every kind it has a handler for (up to each kind's concurrency), runs
 * them, keeps their leases alive, and records how each attempt ended. Claims are made when told through NOTIFY that
 * work arrived, when a slot frees up, and on a poll as the fallback.
 */
final class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);
    private static final int FINISH_ATTEMPTS = 3;
    /** How long a wake-up waits for others to join it. */
    private static final Duration CLAIM_COALESCING = Duration.ofMillis(3);

    private final Vertx vertx;
    private final JobStore store;
    private final JobsConfig config;
    private final Map<String, JobHandler> handlers;
    private final JobMetrics metrics;
    private final JobNotifications notifications;
    private final String id;
    private final RandomGenerator random;
    private final Map<String, KindSlots> kinds = new ConcurrentHashMap<>();
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private volatile boolean stopping;

    JobWorker(Vertx vertx, JobStore store, JobsConfig config, Map<String, JobHandler> handlers, JobMetrics metrics,
            JobNotifications notifications, String id, RandomGenerator random) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
        this.handlers = handlers;
        this.metrics = metrics;
        this.notifications = notifications;
        this.id = id;
        this.random = random;
        handlers.keySet().forEach(kind -> kinds.put(kind, new KindSlots(config.kind(kind).concurrency())));
    }

    String id() {
        return id;
    }

    void start() {
        notifications.onWakeUp(this::claimSoon);
        notifications.onCancel(jobId -> stop(jobId, true));
        notifications.onReconnect(this::claimAll);
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), tick -> claimAll()));
        timers.add(vertx.setPeriodic(Math.max(100, config.lease().toMillis() / 3), tick -> heartbeat()));
        claimAll();
    }

    /**
     * Stops claiming, lets running jobs finish for up to {@code grace}, then gives the rest back to the queue (as if
     * their attempt had not started) so another replica takes them at once rather than after a lease.
     */
    void stop(Duration grace) {
        stopping = true;
        timers.forEach(vertx::cancelTimer);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running.values().forEach(job -> {
            if (job.end()) {
                job.cancel();
            }
        });
        try {
            store.releaseWorker(id).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("Could not give this worker's jobs back (%s); their leases will run out", e.getMessage());
        }
    }

    private void claimAll() {
        kinds.keySet().forEach(this::claim);
    }

    /** Whether this worker runs jobs of the kind and has a free slot for one now. */
    boolean hasFreeSlot(String kind) {
        KindSlots slots = kinds.get(kind);
        return slots != null && !stopping && slots.inFlight.get() < slots.concurrency;
    }

    /**
     * Claims in a moment: wake-ups that arrive together (a burst of enqueues) make one claim of many jobs rather than
     * one claim each.
     */
    void claimSoon(String kind) {
        KindSlots slots = kinds.get(kind);
        if (slots != null && !stopping && slots.claimScheduled.compareAndSet(false, true)) {
            vertx.setTimer(CLAIM_COALESCING.toMillis(), tick -> {
                slots.claimScheduled.set(false);
                claim(kind);
            });
        }
    }

    /** Claims as many due jobs of the kind as there are free slots; one claim per kind at a time. */
    void claim(String kind) {
        KindSlots slots = kinds.get(kind);
        if (slots == null || stopping) {
            return;
        }
        if (!slots.claiming.compareAndSet(false, true)) {
            slots.again = true;
            return;
        }
        slots.again = false;
        int free = slots.concurrency - slots.inFlight.get();
        if (free <= 0) {
            slots.claiming.set(false);
            return;
        }
        store.claim(kind, free, id, config.lease(), handlers.get(kind).eventNames().running()).subscribe().with(claimed -> {
            slots.inFlight.addAndGet(claimed.size());
            slots.claiming.set(false);
            claimed.forEach(this::begin);
            if (slots.again || claimed.size() == free) {
                claim(kind);
            }
        }, failure -> {
            slots.claiming.set(false);
            LOG.warnf("Could not claim %s jobs: %s", kind, failure.getMessage());
        });
    }

    private void begin(JobStore.Claimed claimed) {
        Job job = claimed.job();
        Instant due = job.runAt().isAfter(job.createdAt()) ? job.runAt() : job.createdAt();
        metrics.claimed(job.kind(), claimed.rescued() ? Duration.ZERO : Duration.between(due, claimed.claimedAt()),
                claimed.rescued());
        if (claimed.rescued()) {
            LOG.infof("Took over %s job %s: its worker's lease ran out", job.kind(), job.id());
        }
        Running run = new Running(job, handlers.get(job.kind()));
        running.put(job.id(), run);
        if (claimed.cancelRequested()) {
            stop(job.id(), true);
        } else if (job.attempt() > job.maxAttempts()) {
            run.end();
            fail(run, "its worker stopped responding during the last attempt");
        } else {
            run(run);
        }
    }

    /** Runs the handler on a fresh duplicated context: reactive database access and Hibernate Reactive need one. */
    private void run(Running run) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        // the claim wrote the job's "running" event
        context.runOnContext(ignored -> run.cancellable = Uni.createFrom().deferred(() -> run.handler.run(run))
                .subscribe().with(result -> succeeded(run, result), failure -> failed(run, failure)));
    }

    private void succeeded(Running run, JsonObject result) {
        if (!run.end()) {
            return;
        }
        JsonObject stored = result == null ? new JsonObject() : result;
        finish(run, store.finish(run.job, id, JobState.SUCCEEDED, stored, null,
                run.handler.eventNames().succeeded(), stored), "succeeded");
    }

    private void failed(Running run, Throwable failure) {
        if (!run.end()) {
            return;
        }
        Job job = run.job;
        String reason = reason(failure);
        boolean permanent = failure instanceof JobFailure jobFailure && jobFailure.permanent();
        if (permanent || job.attempt() >= job.maxAttempts()) {
            if (!(failure instanceof JobFailure)) {
                LOG.errorf(failure, "%s job %s failed for good", job.kind(), job.id());
            }
            fail(run, reason);
            return;
        }
        LOG.infof("%s job %s attempt %d failed (%s); retrying", job.kind(), job.id(), job.attempt(), reason);
        finish(run, store.retryLater(job, id, reason, backoff(job.attempt()), run.handler.eventNames().retrying()),
                "retried");
    }

    private void fail(Running run, String reason) {
        Job job = run.job;
        JsonObject data = new JsonObject().put("reason", reason).put("attempts", job.attempt());
        finish(run, store.finish(job, id, JobState.FAILED, null, reason, run.handler.eventNames().failed(), data)
                .call(held -> held ? run.handler.ended(job, reason) : Uni.createFrom().voidItem()), "failed");
    }

    /** Stops a running job: cancelled on request, or lost when another worker has taken it over. */
    private void stop(UUID jobId, boolean cancelled) {
        Running run = running.get(jobId);
        if (run == null || !run.end()) {
            return;
        }
        run.cancel();
        if (!cancelled) {
            LOG.warnf("Lost the lease of %s job %s; another worker has it now", run.job.kind(), jobId);
            release(run, "lost");
            return;
        }
        finish(run, store.finish(run.job, id, JobState.CANCELLED, null, "cancelled",
                run.handler.eventNames().cancelled(), new JsonObject())
                .call(held -> held ? run.handler.ended(run.job, "cancelled") : Uni.createFrom().voidItem()),
                "cancelled");
    }

    /** Records how an attempt ended (a few tries: a failed write would leave the job to a lease takeover). */
    private void finish(Running run, Uni<Boolean> write, String outcome) {
        write.onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(FINISH_ATTEMPTS - 1)
                .subscribe().with(held -> release(run, held ? outcome : "lost"), failure -> {
                    LOG.errorf(failure, "Could not record the end of %s job %s; another worker will take it over",
                            run.job.kind(), run.job.id());
                    release(run, "lost");
                });
    }

    private void release(Running run, String outcome) {
        if (running.remove(run.job.id(), run)) {
            metrics.attemptEnded(run.job.kind(), outcome, Duration.ofNanos(System.nanoTime() - run.startedNanos));
            KindSlots slots = kinds.get(run.job.kind());
            slots.inFlight.decrementAndGet();
            claim(run.job.kind());
        }
    }

    private void heartbeat() {
        if (running.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(running.keySet());
        store.heartbeat(ids, id, config.lease()).subscribe().with(held -> {
            for (UUID jobId : ids) {
                Boolean cancelRequested = held.get(jobId);
                if (cancelRequested == null) {
                    stop(jobId, false);
                } else if (cancelRequested) {
                    stop(jobId, true);
                }
            }
        }, failure -> LOG.warnf("Heartbeat failed (%s); leases run out in %s", failure.getMessage(), config.lease()));
    }

    /** Exponential backoff with jitter: half the doubled wait fixed, half random, capped. */
    Duration backoff(int attempt) {
        long initial = config.retry().initialBackoff().toMillis();
        long max = config.retry().maxBackoff().toMillis();
        long exponential = attempt >= 31 ? max : Math.min(max, initial << Math.max(0, attempt - 1));
        long half = exponential / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    private static String reason(Throwable failure) {
        if (failure instanceof JobFailure) {
            return failure.getMessage();
        }
        // messages of unexpected failures may carry SQL or internals: the log has them, the job a neutral reason
        return "unexpected error (" + failure.getClass().getSimpleName() + "); see the service log";
    }

    private static final class KindSlots {
        final int concurrency;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicBoolean claiming = new AtomicBoolean();
        final AtomicBoolean claimScheduled = new AtomicBoolean();
        volatile boolean again;

        KindSlots(int concurrency) {
            this.concurrency = concurrency;
        }
    }

    /** A job this worker runs: its context for the handler, and the one way it ends. */
    private final class Running implements JobContext {
        final Job job;
        final JobHandler handler;
        final long startedNanos = System.nanoTime();
        final AtomicBoolean ended = new AtomicBoolean();
        volatile boolean stopped;
        volatile Cancellable cancellable;

        Running(Job job, JobHandler handler) {
            this.job = job;
            this.handler = handler;
        }

        /** True for the one caller that gets to decide how the attempt ended. */
        boolean end() {
            return ended.compareAndSet(false, true);
        }

        void cancel() {
            stopped = true;
            Cancellable current = cancellable;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public Job job() {
            return job;
        }

        @Override
        public Uni<Void> event(String name, JsonObject data) {
            return store.event(job.id(), name, data).replaceWithVoid();
        }

        @Override
        public boolean stopped() {
            return stopped;
        }
    }
}
