package dev.dnevnik.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Throughput of the jobs module (bench/jobs.sh runs it): no-op jobs claimed, run and finished per second by several
 * workers sharing one jobs table, as several replicas of a service would, without a Quarkus application (like
 * {@link JobWorkerTest}). The schema must exist already (the script applies db/jobs/R__jobs.sql).
 *
 * <p>
 * Two phases, each with its own kind of job so that they never see each other's rows:
 * <ol>
 * <li>drain: N jobs are enqueued first (through {@link Jobs#enqueue}, while no worker runs), then the workers start;
 * the time from their start until the N-th job's end is recorded;</li>
 * <li>live: the workers run while a producer enqueues N jobs (a fixed number of enqueues in flight); the time from
 * the first enqueue until the N-th job's end.</li>
 * </ol>
 * A job counts as done when its worker has recorded its end (the {@code dnevnik.job.attempts{outcome=succeeded}}
 * counter, which the worker increments after the finishing write committed). For each phase it also reads, from
 * PostgreSQL, the transactions committed and WAL written per job, how many claims took the jobs (rows claimed
 * together share their started_at, the claim's now()) and how long a job took from its claim to its end.
 *
 * <p>
 * Arguments: {@code <postgres url> <jobs> <workers> <concurrency per worker> <pool size per worker>
 * <enqueues in flight>}. Prints one tab-separated line per phase: phase, jobs, seconds, jobs/s, enqueues/s,
 * commits/job, WAL bytes/job, claims, claim-to-end p50 ms, p99 ms.
 */
public final class JobsThroughputBench {

    private static final String DRAIN = "bench-drain";
    private static final String LIVE = "bench-live";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int jobs = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int poolSize = Integer.parseInt(args[4]);
        int inFlight = Integer.parseInt(args[5]);

        PgConnectOptions connect = PgConnectOptions.fromUri(url);
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Pool> pools = new ArrayList<>();
        Pool producerPool = pool(vertx, connect, poolSize);
        pools.add(producerPool);
        BenchConfig producerConfig = new BenchConfig(false, concurrency);
        Jobs producer = new Jobs(producerPool, vertx, producerConfig, List.of(noop(DRAIN), noop(LIVE)), registry, url,
                Optional.ofNullable(connect.getUser()), Optional.ofNullable(connect.getPassword()));
        producer.start(null);
        List<Jobs> running = new ArrayList<>();
        try {
            // ---- 1. drain: everything enqueued before the workers start
            Stats before = Stats.read(producerPool);
            long enqueueStart = System.nanoTime();
            enqueue(producer, DRAIN, jobs, inFlight);
            double enqueueSeconds = seconds(System.nanoTime() - enqueueStart);
            Stats afterEnqueue = Stats.read(producerPool);
            long drainStart = System.nanoTime();
            for (int i = 0; i < workers; i++) {
                Pool pool = pool(vertx, connect, poolSize);
                pools.add(pool);
                Jobs worker = new Jobs(pool, vertx, new BenchConfig(true, concurrency),
                        List.of(noop(DRAIN), noop(LIVE)), registry, url, Optional.ofNullable(connect.getUser()),
                        Optional.ofNullable(connect.getPassword()));
                worker.start(null);
                running.add(worker);
            }
            awaitSucceeded(registry, DRAIN, jobs, Duration.ofMinutes(10));
            double drainSeconds = seconds(System.nanoTime() - drainStart);
            Stats afterDrain = Stats.read(producerPool);
            report("drain", DRAIN, jobs, drainSeconds, jobs / enqueueSeconds, afterEnqueue.minus(before),
                    afterDrain.minus(afterEnqueue), producerPool);

            // ---- 2. live: enqueued while the workers run
            Stats liveBefore = Stats.read(producerPool);
            long liveStart = System.nanoTime();
            enqueue(producer, LIVE, jobs, inFlight);
            double liveEnqueueSeconds = seconds(System.nanoTime() - liveStart);
            awaitSucceeded(registry, LIVE, jobs, Duration.ofMinutes(10));
            double liveSeconds = seconds(System.nanoTime() - liveStart);
            Stats liveAfter = Stats.read(producerPool);
            report("live", LIVE, jobs, liveSeconds, jobs / liveEnqueueSeconds, null, liveAfter.minus(liveBefore),
                    producerPool);
        } finally {
            running.forEach(worker -> worker.stop(null));
            producer.stop(null);
            for (Pool pool : pools) {
                pool.close().await().atMost(Duration.ofSeconds(10));
            }
            vertx.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    /** Enqueues {@code count} jobs through the API, {@code inFlight} at a time. */
    private static void enqueue(Jobs jobs, String kind, int count, int inFlight) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < count && failed.get() == null; i++) {
            slots.acquire();
            jobs.enqueue(NewJob.of(kind, new JsonObject().put("n", i))).subscribe().with(done -> slots.release(),
                    failure -> {
                        failed.set(failure);
                        slots.release();
                    });
        }
        slots.acquire(inFlight);
        if (failed.get() != null) {
            throw new IllegalStateException("enqueueing failed", failed.get());
        }
    }

    private static void awaitSucceeded(SimpleMeterRegistry registry, String kind, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (succeeded(registry, kind) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + succeeded(registry, kind) + " of " + count + " " + kind
                        + " jobs finished within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    private static double succeeded(SimpleMeterRegistry registry, String kind) {
        Counter counter = registry.find("dnevnik.job.attempts").tags("kind", kind, "outcome", "succeeded").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void report(String phase, String kind, int jobs, double seconds, double enqueueRate,
            Stats enqueueStats, Stats runStats, Pool pool) {
        Row detail = pool.preparedQuery("""
                SELECT count(DISTINCT started_at) AS claims,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY run_ms) AS p50,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY run_ms) AS p99
                  FROM (SELECT started_at, extract(epoch FROM finished_at - started_at) * 1000 AS run_ms
                          FROM jobs WHERE kind = $1 AND state = 'succeeded') AS done""")
                .execute(Tuple.of(kind)).await().atMost(Duration.ofMinutes(1)).iterator().next();
        Stats perJobRun = runStats.per(jobs);
        String commits = String.format(Locale.ROOT, "%.2f", perJobRun.commits);
        String wal = String.format(Locale.ROOT, "%.0f", perJobRun.walBytes);
        if (enqueueStats != null) {
            Stats perJobEnqueue = enqueueStats.per(jobs);
            commits = String.format(Locale.ROOT, "%.2f+%.2f", perJobEnqueue.commits, perJobRun.commits);
            wal = String.format(Locale.ROOT, "%.0f+%.0f", perJobEnqueue.walBytes, perJobRun.walBytes);
        }
        System.out.printf(Locale.ROOT, "%s\t%d\t%.2f\t%.0f\t%.0f\t%s\t%s\t%d\t%.1f\t%.1f%n", phase, jobs, seconds,
                jobs / seconds, enqueueRate, commits, wal, detail.getLong("claims"), detail.getDouble("p50"),
                detail.getDouble("p99"));
    }

    private static Pool pool(Vertx vertx, PgConnectOptions connect, int size) {
        // the same statement cache the services use (quarkus.datasource.reactive.cache-prepared-statements)
        PgConnectOptions options = new PgConnectOptions(connect).setCachePreparedStatements(true);
        return Pool.newInstance(PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(size))
                .using(vertx.getDelegate()).build());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static JobHandler noop(String kind) {
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Uni<JsonObject> run(JobContext job) {
                return Uni.createFrom().item(new JsonObject());
            }
        };
    }

    /** Commits and WAL of the database so far (the statistics lag up to a second behind: read after a pause). */
    private record Stats(double commits, double walBytes) {

        static Stats read(Pool pool) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(1500);
            Row row = pool.query("""
                    SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits,
                           (SELECT wal_bytes FROM pg_stat_wal) AS wal""").execute()
                    .await().atMost(Duration.ofSeconds(10)).iterator().next();
            return new Stats(row.getLong("commits"), row.getNumeric("wal").doubleValue());
        }

        Stats minus(Stats earlier) {
            return new Stats(commits - earlier.commits, walBytes - earlier.walBytes);
        }

        Stats per(int jobs) {
            return new Stats(commits / jobs, walBytes / jobs);
        }
    }

    /** The worker settings of the service's defaults, with the given concurrency for every kind. */
    private record BenchConfig(boolean workerEnabled, int concurrency) implements JobsConfig {

        @Override
        public Duration lease() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration keepAlive() {
            return Duration.ofSeconds(15);
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
                    return Duration.ofSeconds(2);
                }

                @Override
                public Duration maxBackoff() {
                    return Duration.ofMinutes(5);
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
                    return 3;
                }
            };
        }
    }
}
