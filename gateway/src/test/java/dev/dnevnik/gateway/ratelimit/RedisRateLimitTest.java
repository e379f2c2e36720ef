package dev.dnevnik.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * Buckets in Redis, shared by replicas: this gateway and a second "replica" (a bucket store of its own on the same
 * Redis) draw from the same bucket. Runs against the Redis at 127.0.0.1:6379 (REDIS_TEST_URL overrides); where none
 * is reachable the tests are reported as skipped.
 */
@QuarkusTest
@TestProfile(RedisRateLimitTest.WithRedis.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class RedisRateLimitTest {

    static final String REDIS_URL = System.getenv().getOrDefault("REDIS_TEST_URL", "redis://127.0.0.1:6379");

    public static class WithRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dnevnik.gateway.rate-limit.redis-url", REDIS_URL);
        }
    }

    @Inject
    Vertx vertx;

    /** Checked per test, so that without Redis each test is reported as skipped, not silently absent. */
    @BeforeEach
    void redisIsReachable() {
        java.net.URI uri = java.net.URI.create(REDIS_URL);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 500);
        } catch (IOException e) {
            Assumptions.abort("No Redis at " + REDIS_URL + ": Redis-backed rate limiting not tested here");
        }
    }

    @BeforeEach
    void stubTranscriptions() {
        DownstreamStub.reset();
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"t\"}")));
    }

    @Test
    void refusesTheRequestOverTheLimitWith429() {
        RateLimitAssertions.overTheTranscriptionLimit(UUID.randomUUID());
    }

    @Test
    void replicasShareOneBucketPerUser() throws Exception {
        UUID user = UUID.randomUUID();
        RateLimitAssertions.upload(user).then().statusCode(201).header("RateLimit-Remaining", "2");

        RedisBuckets otherReplica = new RedisBuckets(vertx, REDIS_URL);
        try {
            Decision taken = otherReplica.take("transcriptions:user:" + user, 3, 60_000)
                    .toCompletionStage().toCompletableFuture().get();
            assertTrue(taken.allowed());
            assertEquals(1, taken.remaining(), "the other replica saw the gateway's request: 3 - 1 - 1");
        } finally {
            otherReplica.close();
        }
        RateLimitAssertions.upload(user).then().statusCode(201).header("RateLimit-Remaining", "0");
        RateLimitAssertions.refused(user);
    }
}
