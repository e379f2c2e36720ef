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

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.problem.VertxProblems;
import dev.dnevnik.common.request.IdempotencyKey;
import dev.dnevnik.common.request.RequestId;
import dev.dnevnik.gateway.client.DownstreamProblems;
import dev.dnevnik.gateway.client.Downstreams;
import dev.dnevnik.gateway.client.ServiceProblem;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends {@code /api/<resource>/...} on to the service that owns the resource (see {@link Route}) through the service's
 * guard ({@link dev.dnevnik.gateway.client.DownstreamService}) and streams its answer back: status, body (problem bodies included) and the headers a client needs, with {@code Location} and
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

    private final Map<String, StreamingClient> clients = new TreeMap<>();

    public ServiceProxy(Downstreams downstreams, Vertx vertx) {
        downstreams.all().forEach(service -> clients.put(service.name(), new StreamingClient(service, vertx)));
    }

    void register(@Observes Router router) {
        for (Route route : Route.TABLE) {
            if (route.forwarded()) {
                router.route(route.prefix()).order(ROUTE_ORDER).handler(context -> forward(context, route));
                router.route(route.prefix() + "/*").order(ROUTE_ORDER).handler(context -> forward(context, route));
            }
        }
    }

    void forward(RoutingContext context, Route route) {
        Caller caller = Caller.of(context);
        if (caller == null) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            VertxProblems.respond(context, ProblemType.UNAUTHORIZED,
                    "Sign in first: send 'Authorization: Bearer <token>' (POST /api/auth/telegram or /api/auth/token)");
            return;
        }
        if (route.operatorsOnly() && !caller.admin()) {
            VertxProblems.respond(context, ProblemType.FORBIDDEN, route.prefix() + " is for operators only");
            return;
        }
        StreamingClient downstream = clients.get(route.service());
        if (downstream == null) {
            VertxProblems.respond(context, DownstreamProblems.notDeployed(route.service()));
            return;
        }
        HttpServerRequest request = context.request();
        boolean idempotent = isIdempotent(request);
        MultiMap headers = forwardedHeaders(context);
        String uri = Route.servicePath(request.uri());
        boolean hasBody = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (!hasBody) {
            send(context, downstream, new StreamingClient.Outbound(request.method(), uri, headers, null, null, idempotent));
        } else if (idempotent && isSmallAndNotMultipart(request)) {
            request.body().onComplete(body -> {
                if (body.failed()) {
                    context.fail(body.cause());
                    return;
                }
                send(context, downstream,
                        new StreamingClient.Outbound(request.method(), uri, headers, body.result(), null, true));
            });
            // Quarkus hands routes the request paused, so that no byte is lost before a handler reads it
            request.resume();
        } else {
            send(context, downstream, new StreamingClient.Outbound(request.method(), uri, headers, null, request, false));
        }
    }

    private void send(RoutingContext context, StreamingClient downstream, StreamingClient.Outbound outbound) {
        Context requestContext = Vertx.currentContext();
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
                        response -> relay(context, downstream, response),
                        failure -> fail(context, downstream, failure));
    }

    private static void relay(RoutingContext context, StreamingClient downstream, HttpClientResponse upstream) {
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
            LOG.debugf("Streaming the answer of %s ended early: %s", downstream.service().module(),
                    failure.getMessage());
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

    private static void fail(RoutingContext context, StreamingClient downstream, Throwable failure) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        RuntimeException answer = DownstreamProblems.toClient(downstream.service(), failure);
        if (answer instanceof ServiceProblem problem) {
            // the service's own answer, as it gave it
            HttpServerResponse response = context.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, problem.contentType());
            if (problem.retryAfter() != null) {
                response.putHeader(HttpHeaders.RETRY_AFTER, problem.retryAfter());
            }
            if (problem.body() == null) {
                response.end();
            } else {
                response.end(Buffer.buffer(problem.body()));
            }
        } else {
            VertxProblems.respond(context, (ProblemException) answer);
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
        clients.values().forEach(StreamingClient::close);
    }
}
