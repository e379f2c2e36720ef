package dev.dnevnik.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dnevnik.devtools.PgServer;
import dev.dnevnik.testing.PostgresTestResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The jobs module against a real PostgreSQL, without a Quarkus application: several workers (as on several
 * replicas) share one table. Each test uses its own kind of job, so tests never claim each other's jobs.
 */
class JobWorkerTest {

    private static PgServer server;
    private static String database;
    private static Vertx vertx;
    private static Pool pool;
    private static PgConnectOptions connectOptions;

    private final List<Runnable> cleanup = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void database() throws Exception {
        server = PostgresTestResource.server();
        database = "jobs_test_" + UUID.randomUUID().toString().substring(0, 8);
        server.createDatabaseIfMissing(database);
        String schema = new String(JobWorkerTest.class.getResourceAsStream("/db/jobs/R__jobs.sql").readAllBytes(),
                StandardCharsets.UTF_8);
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(schema);
        }
        vertx = Vertx.vertx();
        connectOptions = PgConnectOptions.fromUri(server.reactiveUrl(database))
                .setUser(server.user()).setPassword(server.password());
        pool = Pool.newInstance(PgBuilder.pool().connectingTo(connectOptions).with(new PoolOptions().setMaxSize(8))
                .using(vertx.getDelegate()).build());
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        pool.close().await().indefinitely();
        vertx.close().await().indefinitely();
        server.dropDatabase(database);
    }

    @AfterEach
    void stopWorkers() {
        Collections.reverse(cleanup);
        cleanup.forEach(Runnable::run);
    }

    @Test
    void runsAJobAndStreamsItsEventsInOrder() {
        Jobs jobs = jobs(settings(), handler("echo", job -> job.event("progress", new JsonObject().put("step", 1))
                .map(ignored -> new JsonObject().put("doubled", job.job().payload().getInteger("x") * 2))));

        Job job = jobs.enqueue(NewJob.of("echo", new JsonObject().put("x", 21))).await().indefinitely().job();
        List<JobEvent> events = jobs.events(job.id(), null).filter(event -> !event.keepAlive())
                .collect().asList().await().atMost(Duration.ofSeconds(10));

        assertThat(events).extracting(JobEvent::name).containsExactly("queued", "running", "progress", "succeeded");
        assertThat(events).extracting(JobEvent::seq).containsExactly(1, 2, 3, 4);
        assertThat(events.get(3).last()).isTrue();
        assertThat(events.get(3).data().getInteger("doubled")).isEqualTo(42);
        Job done = jobs.find(job.id()).await().indefinitely();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.result().getInteger("doubled")).isEqualTo(42);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(registry.find("dnevnik.job.attempts").tags("kind", "echo", "outcome", "succeeded").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("dnevnik.job.queue.wait").tags("kind", "echo").timer().count()).isEqualTo(1);
    }

    @Test
    void twoWorkersNeverRunTheSameJob() {
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        Random random = new Random(7);
        Function<JobContext, Uni<JsonObject>> work = job -> {
            runs.computeIfAbsent(job.job().id(), id -> new AtomicInteger()).incrementAndGet();
            return Uni.createFrom().item(new JsonObject()).onItem().delayIt()
                    .by(Duration.ofMillis(1 + random.nextInt(5)));
        };
        Jobs first = jobs(settings().concurrency(8), handler("shared", work));
        jobs(settings().concurrency(8), handler("shared", work));

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(first.enqueue(NewJob.of("shared", new JsonObject().put("i", i))).await().indefinitely().job().id());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("shared", "succeeded") == 300);
        assertThat(runs).hasSize(300);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(ids).allSatisfy(id -> assertThat(runs).containsKey(id));
    }

    @Test
    void takesOverAJobWhoseWorkerDied() {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO jobs (id, kind, state, attempt, max_attempts, worker, lease_until, started_at)
                VALUES ($1, 'orphan', 'running', 1, 3, 'crashed-replica/1', now() - interval '1 second', now())""")
                .execute(Tuple.of(id)).await().indefinitely();
        Jobs jobs = jobs(settings(), handler("orphan", job -> Uni.createFrom().item(new JsonObject().put("ok", true))));

        await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs, id) == JobState.SUCCEEDED);
        assertThat(jobs.find(id).await().indefinitely().attempt()).isEqualTo(2);
        assertThat(registry.find("dnevnik.jobs.rescued").tags("kind", "orphan").counter().count()).isEqualTo(1);
    }

    @Test
    void failsARescuedJobThatHasNoAttemptsLeft() {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO jobs (id, kind, state, attempt, max_attempts, worker, lease_until, started_at)
                VALUES ($1, 'orphan-last', 'running', 2, 2, 'crashed-replica/1', now() - interval '1 second', now())""")
                .execute(Tuple.of(id)).await().indefinitely();
        AtomicInteger runs = new AtomicInteger();
        Jobs jobs = jobs(settings(), handler("orphan-last", job -> {
            runs.incrementAndGet();
            return Uni.createFrom().item(new JsonObject());
        }));

        await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs, id) == JobState.FAILED);
        assertThat(runs).hasValue(0);
        assertThat(jobs.find(id).await().indefinitely().lastError()).contains("stopped responding");
    }

    @Test
    void heartbeatKeepsALongJobFromBeingTakenOver() {
        AtomicInteger runs = new AtomicInteger();
        Function<JobContext, Uni<JsonObject>> slow = job -> {
            runs.incrementAndGet();
            return Uni.createFrom().item(new JsonObject()).onItem().delayIt().by(Duration.ofMillis(2500));
        };
        Jobs first = jobs(settings().lease(Duration.ofMillis(600)), handler("slow", slow));
        jobs(settings().lease(Duration.ofMillis(600)), handler("slow", slow));

        UUID id = first.enqueue(NewJob.of("slow", new JsonObject())).await().indefinitely().job().id();

        await().atMost(Duration.ofSeconds(10)).until(() -> state(first, id) == JobState.SUCCEEDED);
        assertThat(runs).hasValue(1);
        assertThat(registry.find("dnevnik.jobs.rescued").counter()).isNull();
    }

    @Test
    void retriesWithBackoffThenFailsWithTheReason() {
        List<String> ended = new CopyOnWriteArrayList<>();
        Jobs jobs = jobs(settings().maxAttempts(3), new TestHandler("flaky",
                job -> Uni.createFrom().failure(JobFailure.retryable("upstream answered 503")), ended));

        UUID id = jobs.enqueue(NewJob.of("flaky", new JsonObject())).await().indefinitely().job().id();
        List<JobEvent> events = jobs.events(id, "0").filter(event -> !event.keepAlive())
                .collect().asList().await().atMost(Duration.ofSeconds(15));

        assertThat(events).extracting(JobEvent::name).containsExactly("queued", "running", "retrying", "running",
                "retrying", "running", "failed");
        assertThat(events.get(2).data().getString("reason")).isEqualTo("upstream answered 503");
        assertThat(events.get(6).data().getString("reason")).isEqualTo("upstream answered 503");
        assertThat(events.get(6).data().getInteger("attempts")).isEqualTo(3);
        Job failed = jobs.find(id).await().indefinitely();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.lastError()).isEqualTo("upstream answered 503");
        assertThat(ended).containsExactly("upstream answered 503");
    }

    @Test
    void doesNotRetryAPermanentFailureAndHidesUnexpectedErrorDetails() {
        Jobs jobs = jobs(settings().maxAttempts(5), handler("broken", job -> Uni.createFrom().failure(
                job.job().payload().getBoolean("permanent")
                        ? JobFailure.permanent("the feed is not XML")
                        : new IllegalStateException("SELECT secret FROM internals"))));

        UUID permanent = jobs.enqueue(NewJob.of("broken", new JsonObject().put("permanent", true)))
                .await().indefinitely().job().id();
        UUID unexpected = jobs.enqueue(NewJob.of("broken", new JsonObject().put("permanent", false)).maxAttempts(1))
                .await().indefinitely().job().id();

        await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs, permanent) == JobState.FAILED
                && state(jobs, unexpected) == JobState.FAILED);
        assertThat(jobs.find(permanent).await().indefinitely().attempt()).isEqualTo(1);
        assertThat(jobs.find(permanent).await().indefinitely().lastError()).isEqualTo("the feed is not XML");
        assertThat(jobs.find(unexpected).await().indefinitely().lastError())
                .doesNotContain("SELECT").contains("unexpected error");
    }

    @Test
    void aKeyHasAtMostOneUnfinishedJob() {
        AtomicBoolean release = new AtomicBoolean();
        Jobs jobs = jobs(settings(), handler("keyed", job -> Uni.createFrom().item(new JsonObject())
                .onItem().delayIt().until(ignored -> waitFor(release))));

        Enqueued first = jobs.enqueue(NewJob.of("keyed", new JsonObject()).withKey("feed:1")).await().indefinitely();
        Enqueued second = jobs.enqueue(NewJob.of("keyed", new JsonObject()).withKey("feed:1")).await().indefinitely();
        Enqueued otherKey = jobs.enqueue(NewJob.of("keyed", new JsonObject()).withKey("feed:2")).await().indefinitely();

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(otherKey.created()).isTrue();

        release.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs, first.job().id()) == JobState.SUCCEEDED);
        Enqueued afterwards = jobs.enqueue(NewJob.of("keyed", new JsonObject()).withKey("feed:1")).await().indefinitely();
        assertThat(afterwards.created()).isTrue();
        assertThat(afterwards.job().id()).isNotEqualTo(first.job().id());
    }

    @Test
    void enqueuesTogetherWithTheCallersRowOrNotAtAll() {
        pool.query("CREATE TABLE IF NOT EXISTS job_owners (job_id uuid PRIMARY KEY)").execute().await().indefinitely();
        Jobs jobs = jobs(settings().workerEnabled(false), handler("owned", job -> Uni.createFrom().item(new JsonObject())));

        NewJob committed = NewJob.of("owned", new JsonObject());
        jobs.enqueue(committed, connection -> connection.preparedQuery("INSERT INTO job_owners VALUES ($1)")
                .execute(Tuple.of(committed.id()))).await().indefinitely();
        NewJob rolledBack = NewJob.of("owned", new JsonObject());
        try {
            jobs.enqueue(rolledBack, connection -> Uni.createFrom().failure(new IllegalStateException("row refused")))
                    .await().indefinitely();
        } catch (IllegalStateException expected) {
            // the caller's failure rolls the job back
        }

        assertThat(jobs.find(committed.id()).await().indefinitely()).isNotNull();
        assertThat(jobs.find(rolledBack.id()).await().indefinitely()).isNull();
    }

    @Test
    void cancelsAQueuedJobAndStopsARunningOne() {
        AtomicBoolean workCancelled = new AtomicBoolean();
        List<String> ended = new CopyOnWriteArrayList<>();
        Jobs jobs = jobs(settings().concurrency(1), new TestHandler("endless", job -> Uni.createFrom()
                .<JsonObject> nothing().onCancellation().invoke(() -> workCancelled.set(true)), ended));

        UUID running = jobs.enqueue(NewJob.of("endless", new JsonObject())).await().indefinitely().job().id();
        await().atMost(Duration.ofSeconds(5)).until(() -> state(jobs, running) == JobState.RUNNING);
        UUID queued = jobs.enqueue(NewJob.of("endless", new JsonObject())).await().indefinitely().job().id();

        assertThat(jobs.cancel(queued, "endless").await().indefinitely()).isTrue();
        assertThat(state(jobs, queued)).isEqualTo(JobState.CANCELLED);
        assertThat(jobs.cancel(running, "endless").await().indefinitely()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> state(jobs, running) == JobState.CANCELLED);
        assertThat(workCancelled).isTrue();
        assertThat(ended).containsExactly("cancelled", "cancelled");
        assertThat(jobs.cancel(running, "endless").await().indefinitely()).isFalse();
        List<JobEvent> events = jobs.events(running, null).filter(event -> !event.keepAlive())
                .collect().asList().await().atMost(Duration.ofSeconds(5));
        assertThat(events).extracting(JobEvent::name).containsExactly("queued", "running", "cancelled");
    }

    @Test
    void anotherReplicasWorkerWakesUpOnNotifyWithoutWaitingForThePoll() {
        TestHandler prompt = handler("prompt", job -> Uni.createFrom().item(new JsonObject()));
        Jobs worker = jobs(settings().pollInterval(Duration.ofMinutes(10)), prompt);
        Jobs enqueuer = jobs(settings().workerEnabled(false), prompt);
        // the first poll happens at start; from then on only the notification can wake the worker
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);

        UUID id = enqueuer.enqueue(NewJob.of("prompt", new JsonObject())).await().indefinitely().job().id();

        await().atMost(Duration.ofSeconds(5)).until(() -> state(worker, id) == JobState.SUCCEEDED);
    }

    @Test
    void aReplicaWithAFreeSlotRunsWhatItEnqueuesAtOnce() {
        Jobs jobs = jobs(settings().pollInterval(Duration.ofMinutes(10)),
                handler("local", job -> Uni.createFrom().item(new JsonObject())));
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);

        UUID id = jobs.enqueue(NewJob.of("local", new JsonObject())).await().indefinitely().job().id();

        await().atMost(Duration.ofSeconds(5)).until(() -> state(jobs, id) == JobState.SUCCEEDED);
    }

    @Test
    void aLateClientResumesAfterLastEventIdAndGetsTheFinalEvent() {
        Jobs jobs = jobs(settings(), handler("late", job -> job.event("progress", new JsonObject().put("pages", 1))
                .replaceWith(new JsonObject().put("done", true))));
        UUID id = jobs.enqueue(NewJob.of("late", new JsonObject())).await().indefinitely().job().id();
        await().atMost(Duration.ofSeconds(5)).until(() -> state(jobs, id) == JobState.SUCCEEDED);

        List<JobEvent> resumed = jobs.events(id, "2").filter(event -> !event.keepAlive())
                .collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(resumed).extracting(JobEvent::seq).containsExactly(3, 4);
        assertThat(resumed).extracting(JobEvent::name).containsExactly("progress", "succeeded");
        assertThat(resumed.get(1).data().getBoolean("done")).isTrue();
    }

    @Test
    void anIdleStreamGetsKeepAliveTicks() {
        AtomicBoolean release = new AtomicBoolean();
        Jobs jobs = jobs(settings().keepAlive(Duration.ofMillis(150)), handler("quiet", job -> Uni.createFrom()
                .item(new JsonObject()).onItem().delayIt().until(ignored -> waitFor(release))));
        UUID id = jobs.enqueue(NewJob.of("quiet", new JsonObject())).await().indefinitely().job().id();

        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        jobs.events(id, null).subscribe().with(seen::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().filter(JobEvent::keepAlive).count() >= 2);
        release.set(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(JobEvent::last));
        assertThat(seen.stream().filter(event -> !event.keepAlive()).map(JobEvent::name))
                .containsExactly("queued", "running", "succeeded");
    }

    @Test
    void refusesALastEventIdThatIsNotOurs() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Jobs.parseLastEventId("abc"))
                .hasMessageContaining("Last-Event-ID");
        assertThat(Jobs.parseLastEventId(" 7 ")).isEqualTo(7);
    }

    @Test
    void aStoppingWorkerGivesItsRunningJobsBack() {
        Settings settings = settings();
        TestHandler endless = handler("handed-back", job -> Uni.createFrom().nothing());
        Jobs jobs = jobs(settings.workerEnabled(false), endless);
        JobStore store = new JobStore(pool);
        JobNotifications notifications = new JobNotifications(vertx, connectOptions);
        notifications.start();
        JobWorker worker = new JobWorker(vertx, store, settings.workerEnabled(true), Map.of("handed-back", endless),
                new JobMetrics(registry, List.of("handed-back")), notifications, "stopping/1", new Random(1));
        worker.start();
        UUID id = jobs.enqueue(NewJob.of("handed-back", new JsonObject())).await().indefinitely().job().id();
        await().atMost(Duration.ofSeconds(5)).until(() -> state(jobs, id) == JobState.RUNNING);

        worker.stop(Duration.ofMillis(100));
        notifications.stop();

        Job handedBack = jobs.find(id).await().indefinitely();
        assertThat(handedBack.state()).isEqualTo(JobState.QUEUED);
        assertThat(handedBack.attempt()).isZero();
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        JobWorker worker = new JobWorker(vertx, new JobStore(pool),
                settings().backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)), Map.of(), null, null, "w",
                new Random(3));
        assertThat(worker.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(worker.backoff(2)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(worker.backoff(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(worker.backoff(10)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(worker.backoff(60)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    // ---- helpers ----

    private Jobs jobs(Settings settings, TestHandler handler) {
        Jobs jobs = new Jobs(pool, vertx, settings, List.<JobHandler> of(handler), registry,
                server.reactiveUrl(database), java.util.Optional.of(server.user()),
                java.util.Optional.ofNullable(server.password()));
        jobs.start(null);
        cleanup.add(() -> jobs.stop(null));
        return jobs;
    }

    private static TestHandler handler(String kind, Function<JobContext, Uni<JsonObject>> work) {
        return new TestHandler(kind, work, new CopyOnWriteArrayList<>());
    }

    private static JobState state(Jobs jobs, UUID id) {
        return jobs.find(id).await().indefinitely().state();
    }

    private static long count(String kind, String state) {
        return pool.preparedQuery("SELECT count(*) FROM jobs WHERE kind = $1 AND state = $2")
                .execute(Tuple.of(kind, state)).await().indefinitely().iterator().next().getLong(0);
    }

    private static Uni<Void> waitFor(AtomicBoolean flag) {
        return Uni.createFrom().emitter(done -> vertx.setPeriodic(20, timer -> {
            if (flag.get()) {
                vertx.cancelTimer(timer);
                done.complete(null);
            }
        }));
    }

    record TestHandler(String kind, Function<JobContext, Uni<JsonObject>> work, List<String> ended)
            implements JobHandler {
        @Override
        public Uni<JsonObject> run(JobContext job) {
            return work.apply(job);
        }

        @Override
        public Uni<Void> ended(Job job, String reason) {
            ended.add(reason);
            return Uni.createFrom().voidItem();
        }
    }

    private static Settings settings() {
        return new Settings(true, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(15), 4, 3,
                Duration.ofMillis(50), Duration.ofMillis(100));
    }

    /** Test settings; the same interface the service reads from its configuration. */
    record Settings(boolean workerEnabled, Duration lease, Duration pollInterval, Duration keepAlive, int concurrency,
            int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements JobsConfig {

        Settings workerEnabled(boolean enabled) {
            return new Settings(enabled, lease, pollInterval, keepAlive, concurrency, maxAttempts, initialBackoff, maxBackoff);
        }

        Settings lease(Duration value) {
            return new Settings(workerEnabled, value, pollInterval, keepAlive, concurrency, maxAttempts, initialBackoff, maxBackoff);
        }

        Settings pollInterval(Duration value) {
            return new Settings(workerEnabled, lease, value, keepAlive, concurrency, maxAttempts, initialBackoff, maxBackoff);
        }

        Settings keepAlive(Duration value) {
            return new Settings(workerEnabled, lease, pollInterval, value, concurrency, maxAttempts, initialBackoff, maxBackoff);
        }

        Settings concurrency(int value) {
            return new Settings(workerEnabled, lease, pollInterval, keepAlive, value, maxAttempts, initialBackoff, maxBackoff);
        }

        Settings maxAttempts(int value) {
            return new Settings(workerEnabled, lease, pollInterval, keepAlive, concurrency, value, initialBackoff, maxBackoff);
        }

        Settings backoff(Duration initial, Duration max) {
            return new Settings(workerEnabled, lease, pollInterval, keepAlive, concurrency, maxAttempts, initial, max);
        }

        @Override
        public Duration retention() {
            return Duration.ofDays(7);
        }

        @Override
        public Retry retry() {
            return new Retry() {
                @Override
                public Duration initialBackoff() {
                    return initialBackoff;
                }

                @Override
                public Duration maxBackoff() {
                    return maxBackoff;
                }
            };
        }

        @Override
        public Map<String, Kind> kinds() {
            return Map.of();
        }

        @Override
        public Kind kind(String kind) {
            return new Kind() {
                @Override
                public int concurrency() {
                    return concurrency;
                }

                @Override
                public int maxAttempts() {
                    return maxAttempts;
                }
            };
        }
    }
}
