package dev.dnevnik.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.util.TypeLiteral;

import dev.dnevnik.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;

/**
 * One service behind the gateway: a pool of keep-alive connections to it and the protections around every call — a
 * timeout per attempt (until the response head arrives; bodies, SSE streams included, then flow for as long as they
 * last), retries with exponential backoff and jitter for requests that are safe to repeat, and a circuit breaker so
 * that a failing service is answered for at once instead of being waited on.
 */
final class Downstream {

    private static final TypeLiteral<Uni<HttpClientResponse>> RESPONSE = new TypeLiteral<>() {
    };
    /** The key of the one client shared by calls made outside an event loop. */
    private static final Object OFF_LOOP = new Object();

    /**
     * A request to send on. Exactly one of {@code body} (held in memory, so it can be sent again) and {@code stream}
     * (read once, never retried) is set for requests with content.
     */
    record Outbound(HttpMethod method, String uri, MultiMap headers, Buffer body, ReadStream<Buffer> stream,
            boolean idempotent) {

        boolean retryable() {
            return idempotent && stream == null;
        }
    }

    private final String name;
    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    private final PoolOptions poolOptions;
    /**
     * One client (and connection pool) per event loop: a connection belongs to the event loop that opened it, so a
     * request that borrowed another loop's connection would hop threads twice. Keyed by the event-loop thread.
     */
    private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();
    private final String host;
    private final int port;
    private final boolean tls;
    private final Duration timeout;
    private final Duration openDelay;
    private final TypedGuard<Uni<HttpClientResponse>> guard;

    Downstream(String name, URI url, GatewayConfig.Downstream config, Vertx vertx,
            Consumer<CircuitBreakerState> onCircuitChange, Runnable onRetry) {
        this.name = name;
        this.vertx = vertx;
        this.tls = "https".equalsIgnoreCase(url.getScheme());
        this.host = url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : (tls ? 443 : 80);
        this.timeout = config.timeout();
        this.openDelay = config.circuitBreaker().delay();
        this.clientOptions = new HttpClientOptions()
                .setSsl(tls)
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(5_000, timeout.toMillis()))
                .setName("gateway-" + name);
        this.poolOptions = new PoolOptions().setHttp1MaxSize(config.poolSize())
                .setMaxWaitQueueSize(config.poolSize() * 4);
        GatewayConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = TypedGuard.create(RESPONSE)
                .withDescription("downstream " + name)
                // the call is non-blocking: run it on the caller's event loop, not on a worker thread
                .withThreadOffload(false)
                .withRetry()
                .maxRetries(config.maxRetries())
                .delay(config.retryBackoff().toMillis(), ChronoUnit.MILLIS)
                .jitter(config.retryBackoff().toMillis() / 2, ChronoUnit.MILLIS)
                .maxDuration((config.maxRetries() + 1) * (timeout.toMillis() + 4 * config.retryBackoff().toMillis()),
                        ChronoUnit.MILLIS)
                .whenException(failure -> failure instanceof DownstreamFailure downstream && downstream.retryable())
                .beforeRetry(ignored -> onRetry.run())
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(config.retryBackoff().toMillis() * 8, ChronoUnit.MILLIS)
                .done()
                .done()
                .withCircuitBreaker()
                .name("downstream-" + name)
                // only the service's own failures open the circuit: a 4xx, or a 503 a service gives about ITS
                // provider, is a normal answer
                .when(failure -> failure instanceof DownstreamFailure)
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .onStateChange(onCircuitChange)
                .done()
                .build();
    }

    String name() {
        return name;
    }

    String origin() {
        return (tls ? "https://" : "http://") + host + ":" + port;
    }

    /** How long an open circuit stays open: what clients are told to wait. */
    Duration openDelay() {
        return openDelay;
    }

    /**
     * Sends the request and gives the response head; its body is paused, for the caller to stream on. Responses
     * with status 500, 502 or 504 arrive as a {@link DownstreamFailure} holding the full (small) answer.
     */
    Uni<HttpClientResponse> send(Outbound outbound) {
        return guard.get(() -> attempt(outbound));
    }

    private Uni<HttpClientResponse> attempt(Outbound outbound) {
        boolean retryable = outbound.retryable();
        return Uni.createFrom().emitter(emitter -> {
            RequestOptions options = new RequestOptions().setMethod(outbound.method()).setHost(host).setPort(port)
                    .setURI(outbound.uri()).setHeaders(outbound.headers());
            client().request(options).onComplete(requested -> {
                if (requested.failed()) {
                    emitter.fail(DownstreamFailure.unreachable(name, retryable, requested.cause()));
                    return;
                }
                HttpClientRequest request = requested.result();
                AtomicBoolean settled = new AtomicBoolean();
                // a timer on this event loop (cheap, unlike a timeout on a shared scheduler): no answer in time ->
                // give up and free the connection instead of waiting for it
                long timer = vertx.setTimer(timeout.toMillis(), ignored -> {
                    if (settled.compareAndSet(false, true)) {
                        request.reset();
                        emitter.fail(DownstreamFailure.timeout(name, retryable));
                    }
                });
                emitter.onTermination(() -> {
                    // cancelled (the client went away) before an answer: stop waiting for it
                    if (settled.compareAndSet(false, true)) {
                        vertx.cancelTimer(timer);
                        request.reset();
                    }
                });
                var sent = outbound.stream() != null ? request.send(outbound.stream())
                        : outbound.body() != null ? request.send(outbound.body()) : request.send();
                sent.onComplete(answered -> {
                    if (!settled.compareAndSet(false, true)) {
                        return;
                    }
                    vertx.cancelTimer(timer);
                    if (answered.failed()) {
                        emitter.fail(DownstreamFailure.unreachable(name, retryable, answered.cause()));
                        return;
                    }
                    HttpClientResponse response = answered.result();
                    int status = response.statusCode();
                    if (status == 500 || status == 502 || status == 504) {
                        response.body().onComplete(body -> emitter.fail(DownstreamFailure.serverError(name,
                                retryable, status, response.headers(), body.succeeded() ? body.result() : null)));
                    } else {
                        // the caller attaches its pipe a moment later, on the request's own context
                        response.pause();
                        emitter.complete(response);
                    }
                });
            });
        });
    }

    private HttpClient client() {
        // retries resume on the event loop too; anything else (there should be nothing) shares one client
        Object loop = Context.isOnEventLoopThread() ? Thread.currentThread() : OFF_LOOP;
        return clients.computeIfAbsent(loop,
                ignored -> vertx.createHttpClient(clientOptions, poolOptions));
    }

    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
