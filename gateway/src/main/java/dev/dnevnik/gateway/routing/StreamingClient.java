package dev.dnevnik.gateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.dnevnik.gateway.client.DownstreamFailure;
import dev.dnevnik.gateway.client.DownstreamService;
import dev.dnevnik.gateway.client.ServiceProblem;
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
 * Forwards requests to one service over keep-alive connections, answer bodies streamed back (SSE streams included),
 * each attempt ended by a timer on the event loop when the answer does not begin within the service's timeout. The
 * calls go through the service's guard (its retries and circuit breaker), shared with the gateway's own calls.
 */
final class StreamingClient {

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

    private final DownstreamService service;
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

    StreamingClient(DownstreamService service, Vertx vertx) {
        this.service = service;
        this.vertx = vertx;
        boolean tls = "https".equalsIgnoreCase(service.url().getScheme());
        this.host = service.url().getHost();
        this.port = service.url().getPort() > 0 ? service.url().getPort() : (tls ? 443 : 80);
        this.clientOptions = new HttpClientOptions()
                .setSsl(tls)
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(5_000, service.timeout().toMillis()))
                .setName("gateway-" + service.name());
        this.poolOptions = new PoolOptions().setHttp1MaxSize(service.poolSize())
                .setMaxWaitQueueSize(service.poolSize() * 4);
    }

    DownstreamService service() {
        return service;
    }

    /**
     * Sends the request and gives the response head; its body is paused, for the caller to stream on. Responses
     * with status 500, 502 or 504 arrive as a {@link DownstreamFailure} holding the full (small) answer.
     */
    Uni<HttpClientResponse> send(Outbound outbound) {
        return service.call(() -> attempt(outbound), HttpClientResponse::statusCode);
    }

    private Uni<HttpClientResponse> attempt(Outbound outbound) {
        boolean retryable = outbound.retryable();
        String module = service.module();
        return Uni.createFrom().emitter(emitter -> {
            RequestOptions options = new RequestOptions().setMethod(outbound.method()).setHost(host).setPort(port)
                    .setURI(outbound.uri()).setHeaders(outbound.headers());
            client().request(options).onComplete(requested -> {
                if (requested.failed()) {
                    emitter.fail(DownstreamFailure.unreachable(module, retryable, requested.cause()));
                    return;
                }
                HttpClientRequest request = requested.result();
                AtomicBoolean settled = new AtomicBoolean();
                // a timer on this event loop (cheap, unlike a timeout on a shared scheduler): no answer in time ->
                // give up and free the connection instead of waiting for it
                long timer = vertx.setTimer(service.timeout().toMillis(), ignored -> {
                    if (settled.compareAndSet(false, true)) {
                        request.reset();
                        emitter.fail(DownstreamFailure.timeout(module, retryable));
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
                        emitter.fail(DownstreamFailure.unreachable(module, retryable, answered.cause()));
                        return;
                    }
                    HttpClientResponse response = answered.result();
                    if (DownstreamFailure.isServerError(response.statusCode())) {
                        response.body().onComplete(body -> emitter.fail(DownstreamFailure.serverError(module,
                                retryable, ServiceProblem.of(module, response, body.succeeded() ? body.result() : null))));
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
        return clients.computeIfAbsent(loop, ignored -> vertx.createHttpClient(clientOptions, poolOptions));
    }

    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
