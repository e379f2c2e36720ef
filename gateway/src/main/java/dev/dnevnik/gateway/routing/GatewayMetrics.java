package dev.dnevnik.gateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.dnevnik.common.http.FilterOrder;
import dev.dnevnik.gateway.client.DownstreamFailure;
import dev.dnevnik.gateway.client.ServiceProblem;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.ext.web.RoutingContext;

/**
 * What operators watch on the gateway: requests by route group and status, downstream latency and outcome, retries,
 * circuit states and rate-limit rejections. Label values come from small fixed sets (route groups, service names,
 * status codes), never from paths or ids.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> circuitStates = new ConcurrentHashMap<>();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> downstreamTimers = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes Filters filters) {
        filters.register(this::countWhenAnswered, FilterOrder.GATEWAY_METRICS);
    }

    void countWhenAnswered(RoutingContext context) {
        String path = context.request().path();
        if (path.startsWith("/api/") || path.equals("/api")) {
            String group = routeGroup(path);
            long start = System.nanoTime();
            context.addEndHandler(ignored -> requestTimer(group, context.response().getStatusCode())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        }
        context.next();
    }

    /** Meters are looked up once per (label set) and kept: this runs on every request. */
    private Timer requestTimer(String group, int status) {
        return requestTimers.computeIfAbsent(group + ' ' + status, ignored -> Timer.builder("dnevnik_gateway_requests")
                .description("Requests answered by the gateway, by route group and status, with their duration")
                .tag("route", group)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry));
    }

    /** The route group of a public path: the service it goes to, or the gateway feature that answers it. */
    static String routeGroup(String path) {
        return Route.forPath(path).map(Route::label).orElse("other");
    }

    public void registerCircuit(String service) {
        AtomicInteger state = circuitStates.computeIfAbsent(service, ignored -> new AtomicInteger());
        Gauge.builder("dnevnik_gateway_circuit_state", state, AtomicInteger::get)
                .description("Circuit breaker per downstream service: 0 closed, 1 half-open, 2 open")
                .tag("service", service)
                .register(registry);
    }

    public void circuitChanged(String service, CircuitBreakerState state) {
        circuitStates.computeIfAbsent(service, ignored -> new AtomicInteger()).set(switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    public void retried(String service) {
        Counter.builder("dnevnik_gateway_downstream_retries")
                .description("Requests sent again to a service after a failed attempt")
                .tag("service", service)
                .register(registry).increment();
    }

    /** A service's answer began: its status class is the outcome. */
    public void downstreamAnswered(String service, long startNanos, int status) {
        time(service, startNanos, (status / 100) + "xx");
    }

    /** A call ended without an answer to pass on as it is, or with an error answer (the gateway's own calls). */
    public void downstreamFailed(String service, long startNanos, Throwable failure) {
        String outcome = failure instanceof CircuitBreakerOpenException ? "circuit_open"
                : failure instanceof ServiceProblem answer ? (answer.status() / 100) + "xx"
                : failure instanceof DownstreamFailure downstream ? switch (downstream.kind()) {
                    case TIMEOUT -> "timeout";
                    case UNREACHABLE -> "unreachable";
                    case SERVER_ERROR -> "5xx";
                } : "error";
        time(service, startNanos, outcome);
    }

    public void rateLimited(String group) {
        Counter.builder("dnevnik_gateway_rate_limited")
                .description("Requests refused with 429 because their bucket was empty")
                .tag("group", group)
                .register(registry).increment();
    }

    private void time(String service, long startNanos, String outcome) {
        downstreamTimers.computeIfAbsent(service + ' ' + outcome, ignored -> Timer
                .builder("dnevnik_gateway_downstream_duration")
                .description("Time until a service's answer began (or the call failed), retries included")
                .tag("service", service)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
