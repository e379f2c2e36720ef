package dev.dnevnik.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.dnevnik.common.http.FilterOrder;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.problem.VertxProblems;
import dev.dnevnik.gateway.routing.Caller;
import dev.dnevnik.gateway.routing.GatewayMetrics;
import dev.dnevnik.gateway.routing.Route;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the rate limits to every {@code /api} request, after the caller is known: per user for signed-in callers,
 * per client address otherwise. The route table says which group a request counts against: sign-in routes have their
 * own (per address) limit, and the expensive routes (transcriptions, voice entries) a tighter one. Every limited answer carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a refusal is 429 with {@code Retry-After}.
 */
@ApplicationScoped
public class RateLimitFilter {

    private final RateLimiter limiter;
    private final GatewayMetrics metrics;

    public RateLimitFilter(RateLimiter limiter, GatewayMetrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, FilterOrder.GATEWAY_RATE_LIMIT);
    }

    void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (!path.startsWith("/api/") || request.method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        String group = Route.forPath(path).map(route -> route.rateLimitGroup(request.method()))
                .orElse(Route.DEFAULT_GROUP);
        Caller caller = Caller.of(context);
        String who = caller != null && !Route.AUTH_GROUP.equals(group) ? "user:" + caller.userId()
                : "ip:" + clientAddress(request);
        Future<Decision> decided = limiter.take(group, who);
        if (!decided.isComplete()) {
            // the decision comes from Redis: hold the body back until it is made
            request.pause();
        }
        decided.onComplete(taken -> {
            if (taken.failed()) {
                context.fail(taken.cause());
                return;
            }
            Decision decision = taken.result();
            context.response().putHeader("RateLimit-Limit", Integer.toString(decision.limit()))
                    .putHeader("RateLimit-Remaining", Integer.toString(decision.remaining()))
                    .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
            if (decision.allowed()) {
                context.next();
                return;
            }
            metrics.rateLimited(group);
            context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            VertxProblems.respond(context, ProblemType.TOO_MANY_REQUESTS, "More than " + decision.limit()
                    + " requests per " + limiter.limitOf(group).period().toSeconds() + " s to " + group
                    + " routes; retry in " + decision.retryAfterSeconds() + " s");
        });
    }

    private static String clientAddress(HttpServerRequest request) {
        // behind a trusted proxy Quarkus puts the original client here (quarkus.http.proxy.*)
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    }
}
