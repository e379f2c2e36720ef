package dev.dnevnik.gateway.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.dnevnik.common.idempotency.IdempotencyKey;
import dev.dnevnik.common.problem.HttpLevelProblems;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.request.RequestId;
import dev.dnevnik.gateway.config.GatewayConfig;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends {@code /api/<resource>/...} on to the service that owns the resource (see {@link Route}) and streams its
 * answer back: status, body (problem bodies included) and the headers a client needs, with {@code Location} and
 * {@code Link} rewritten to the public {@code /api} paths. Request bodies are streamed to the service, so a 25 MB
 * upload is never held in memory; small bodies of requests that are safe to repeat are held so they can be retried.
 */
@ApplicationScoped
public class ServiceProxy {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);
    /** Before Quarkus REST, which serves the gateway's own resources under other paths. */
    private static final int ROUTE_ORDER = -100;
    /** Bodies up to this size of requests that may be repeated are held in memory so that a retry can resend them. */
    private static final long RETRYABLE_BODY_LIMIT = 1024 * 1024;
    /** Answers up to this size are read whole and written at once; larger ones (and streams) are piped. */
    private static final long SMALL_BODY = 256 * 1024;

    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("authorization", "accept", "accept-language",
            "content-type", "content-length", "idempotency-key", "if-match", "if-none-match", "time-zone",
            "last-event-id", "user-agent", "cache-control");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "x-request-id");

    private final Map<String, Downstream> downstreams = new TreeMap<>();
    private final GatewayMetrics metrics;

    public ServiceProxy(GatewayConfig config, Vertx vertx, GatewayMetrics metrics) {
        this.metrics = metrics;
        config.services().forEach((service, downstream) -> downstream.url().ifPresent(url -> downstreams.put(service,
                new Downstream(service, url, downstream, vertx,
                        state -> metrics.circuitChanged(service, state), () -> metrics.retried(service)))));
        downstreams.keySet().forEach(metrics::registerCircuit);
    }

    void register(@Observes Router router) {
        for (Route route : Route.ALL) {
            router.route(route.prefix()).order(ROUTE_ORDER).handler(context -> forward(context, route));
            router.route(route.prefix() + "/*").order(ROUTE_ORDER).handler(context -> forward(context, route));
        }
    }

    /** Whether the service behind {@code service} is deployed (has a configured address). */
    public boolean isDeployed(String service) {
        return downstreams.containsKey(service);
    }

    void forward(RoutingContext context, Route route) {
        Caller caller = Caller.of(context);
        if (caller == null) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            HttpLevelProblems.respond(context, ProblemType.UNAUTHORIZED,
                    "Sign in first: send 'Authorization: Bearer <token>' (POST /api/auth/telegram or /api/auth/token)");
            return;
        }
        if (route.adminOnly() && !caller.admin()) {
            HttpLevelProblems.respond(context, ProblemType.FORBIDDEN, route.prefix() + " is for operators only");
            return;
        }
        Downstream downstream = downstreams.get(route.service());
        if (downstream == null) {
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "60");
            HttpLevelProblems.respond(context, ProblemType.SERVICE_UNAVAILABLE,
                    route.serviceName() + " is not deployed in this installation yet");
            return;
        }
        HttpServerRequest request = context.request();
        boolean idempotent = isIdempotent(request);
        MultiMap headers = forwardedHeaders(context);
        String uri = Route.servicePath(request.uri());
        boolean hasBody = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (!hasBody) {
            send(context, downstream, new Downstream.Outbound(request.method(), uri, headers, null, null, idempotent));
        } else if (idempotent && isSmallAndNotMultipart(request)) {
            request.body().onComplete(body -> {
                if (body.failed()) {
                    context.fail(body.cause());
                    return;
                }
                send(context, downstream,
                        new Downstream.Outbound(request.method(), uri, headers, body.result(), null, true));
            });
            // Quarkus hands routes the request paused, so that no byte is lost before a handler reads it
            request.resume();
        } else {
            send(context, downstream, new Downstream.Outbound(request.method(), uri, headers, null, request, false));
        }
    }

    private void send(RoutingContext context, Downstream downstream, Downstream.Outbound outbound) {
        Context requestContext = Vertx.currentContext();
        long start = System.nanoTime();
        downstream.send(outbound)
                // answer on the request's own event loop, where its response must be written (usually already
                // there: the client's callbacks run on the context that sent the request)
                .emitOn(task -> {
                    if (Vertx.currentContext() == requestContext) {
                        task.run();
                    } else {
                        requestContext.runOnContext(ignored -> task.run());
                    }
                })
                .subscribe().with(
                        response -> {
                            metrics.downstreamAnswered(downstream.name(), start, response.statusCode());
                            relay(context, downstream, response);
                        },
                        failure -> {
                            metrics.downstreamFailed(downstream.name(), start, failure);
                            fail(context, downstream, failure);
                        });
    }

    private static void relay(RoutingContext context, Downstream downstream, HttpClientResponse upstream) {
        HttpServerResponse response = context.response();
        if (context.request().response().closed()) {
            upstream.request().reset();
            return;
        }
        response.setStatusCode(upstream.statusCode());
        copyResponseHeaders(upstream.headers(), response);
        long length = contentLength(upstream);
        if (length >= 0 && length <= SMALL_BODY) {
            // a small answer (a page of entries) is passed on in one write instead of one per network chunk
            upstream.body().onComplete(body -> {
                if (body.succeeded()) {
                    response.end(body.result());
                } else {
                    response.reset();
                }
            });
            upstream.resume();
            return;
        }
        if (length < 0) {
            response.setChunked(true);
        }
        upstream.pipeTo(response).onFailure(failure -> {
            // the client went away, or the service broke off mid-body: nothing more can be said to the client
            LOG.debugf("Streaming the answer of %s ended early: %s", downstream.name(), failure.getMessage());
            upstream.request().reset();
        });
    }

    private static long contentLength(HttpClientResponse upstream) {
        String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void fail(RoutingContext context, Downstream downstream, Throwable failure) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        String service = downstream.name() + "-service";
        if (failure instanceof CircuitBreakerOpenException) {
            long retryAfter = Math.max(1, downstream.openDelay().toSeconds());
            context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            HttpLevelProblems.respond(context, ProblemType.SERVICE_UNAVAILABLE,
                    service + " is failing and is given a rest; retry in " + retryAfter + " s");
        } else if (failure instanceof DownstreamFailure downstreamFailure) {
            switch (downstreamFailure.kind()) {
                case SERVER_ERROR -> {
                    // the service's own problem answer, as it gave it
                    HttpServerResponse response = context.response().setStatusCode(downstreamFailure.status());
                    copyResponseHeaders(downstreamFailure.headers(), response);
                    response.headers().remove(HttpHeaders.CONTENT_LENGTH);
                    if (downstreamFailure.body() == null) {
                        response.end();
                    } else {
                        response.end(downstreamFailure.body());
                    }
                }
                case TIMEOUT -> HttpLevelProblems.respond(context, ProblemType.GATEWAY_TIMEOUT,
                        service + " did not answer in time");
                case UNREACHABLE -> {
                    context.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
                    HttpLevelProblems.respond(context, ProblemType.SERVICE_UNAVAILABLE,
                            service + " cannot be reached at the moment");
                }
            }
        } else {
            LOG.errorf(failure, "Forwarding to %s failed unexpectedly", service);
            HttpLevelProblems.respond(context, ProblemType.BAD_GATEWAY,
                    "Forwarding to " + service + " failed; quote the request id when reporting it");
        }
    }

    private static boolean isIdempotent(HttpServerRequest request) {
        HttpMethod method = request.method();
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.PUT
                || method == HttpMethod.DELETE || method == HttpMethod.OPTIONS
                || (method == HttpMethod.POST && request.headers().contains(IdempotencyKey.HEADER));
    }

    private static boolean isSmallAndNotMultipart(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/"))) {
            return false;
        }
        try {
            return Long.parseLong(length.strip()) <= RETRYABLE_BODY_LIMIT;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static MultiMap forwardedHeaders(RoutingContext context) {
        HttpServerRequest request = context.request();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : FORWARDED_REQUEST_HEADERS) {
            // request headers are case-insensitive: a lookup per allowed name, nothing copied that is not allowed
            List<String> values = request.headers().getAll(name);
            if (!values.isEmpty()) {
                headers.add(name, values);
            }
        }
        Object requestId = context.get(RequestId.MDC_KEY);
        if (requestId != null) {
            headers.set(RequestId.HEADER, requestId.toString());
        }
        String clientAddress = request.remoteAddress() == null ? null : request.remoteAddress().host();
        String forwardedFor = request.getHeader("X-Forwarded-For");
        if (clientAddress != null) {
            headers.set("X-Forwarded-For", forwardedFor == null ? clientAddress : forwardedFor + ", " + clientAddress);
        }
        headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        headers.set("X-Forwarded-Prefix", Route.API);
        return headers;
    }

    private static void copyResponseHeaders(MultiMap from, HttpServerResponse to) {
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name)) {
                return;
            }
            String value = switch (name) {
                case "location", "content-location" -> PublicPaths.rewriteLocation(header.getValue());
                case "link" -> PublicPaths.rewriteLinks(header.getValue());
                default -> header.getValue();
            };
            to.headers().add(header.getKey(), value);
        });
    }

    @PreDestroy
    void close() {
        downstreams.values().forEach(Downstream::close);
    }
}
