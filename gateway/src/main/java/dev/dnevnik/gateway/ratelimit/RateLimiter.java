package dev.dnevnik.gateway.ratelimit;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dnevnik.gateway.config.GatewayConfig;
import dev.dnevnik.gateway.routing.Route;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Takes a token from the bucket of (route group, caller). Buckets live in memory, or in Redis when
 * {@code dnevnik.gateway.rate-limit.redis-url} is set, so that the limits hold across replicas. If Redis cannot be
 * reached the replica limits on its own buckets meanwhile rather than letting everything through or refusing
 * everything.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long REDIS_WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final GatewayConfig.RateLimits config;
    private final InMemoryBuckets local = new InMemoryBuckets(System::currentTimeMillis);
    private final RedisBuckets shared;
    private volatile long lastRedisWarning = System.nanoTime() - REDIS_WARNING_INTERVAL;

    public RateLimiter(GatewayConfig config, Vertx vertx) {
        this.config = config.rateLimit();
        this.shared = this.config.redisUrl().filter(url -> !url.isBlank())
                .map(url -> new RedisBuckets(vertx, url)).orElse(null);
        if (shared != null) {
            LOG.info("Rate-limit buckets are kept in Redis and shared by all gateway replicas");
        }
    }

    /** The limit of a route group; groups without their own limit share the default one. */
    public GatewayConfig.Limit limitOf(String group) {
        GatewayConfig.Limit limit = config.groups().get(group);
        return limit != null ? limit : config.groups().get(Route.DEFAULT_GROUP);
    }

    public Future<Decision> take(String group, String caller) {
        GatewayConfig.Limit limit = limitOf(group);
        String key = group + ":" + caller;
        long periodMillis = limit.period().toMillis();
        if (shared == null) {
            return Future.succeededFuture(local.take(key, limit.requests(), periodMillis));
        }
        return shared.take(key, limit.requests(), periodMillis).recover(failure -> {
            long now = System.nanoTime();
            if (now - lastRedisWarning >= REDIS_WARNING_INTERVAL) {
                lastRedisWarning = now;
                LOG.warnf("Redis is unreachable for rate limiting (%s); limiting per replica meanwhile",
                        failure.getMessage());
            }
            return Future.succeededFuture(local.take(key, limit.requests(), periodMillis));
        });
    }

    @Scheduled(every = "60s", delayed = "60s")
    void forgetFullBuckets() {
        local.forgetFullBuckets();
    }

    @PreDestroy
    void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
