package dev.dnevnik.gateway.ratelimit;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

/**
 * Buckets in Redis, shared by every gateway replica. Each take is one atomic script (read, refill, take, write) using
 * Redis' own clock, so replicas with skewed clocks still agree; a bucket expires once it would be full again.
 */
final class RedisBuckets {

    static final String KEY_PREFIX = "dnevnik:ratelimit:";

    private static final String TAKE = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = now
            end
            local rate = capacity / period
            tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], period)
            return {allowed, tostring(tokens)}""";

    private final RedisAPI redis;
    private final Redis client;

    RedisBuckets(Vertx vertx, String connectionString) {
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(connectionString)
                .setMaxPoolSize(16).setMaxPoolWaiting(1024).setMaxWaitingHandlers(4096));
        this.redis = RedisAPI.api(client);
    }

    Future<Decision> take(String key, int capacity, long periodMillis) {
        return redis.eval(List.of(TAKE, "1", KEY_PREFIX + key, Integer.toString(capacity), Long.toString(periodMillis)))
                .map(reply -> decision(reply, capacity, periodMillis));
    }

    private static Decision decision(Response reply, int capacity, long periodMillis) {
        boolean allowed = reply.get(0).toInteger() == 1;
        double tokens = Double.parseDouble(reply.get(1).toString());
        return Decision.of(allowed, capacity, tokens, capacity / (double) periodMillis);
    }

    void close() {
        client.close();
    }
}
