package dev.dnevnik.gateway.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import dev.dnevnik.gateway.config.GatewayConfig;
import dev.dnevnik.gateway.routing.GatewayMetrics;
import dev.dnevnik.gateway.routing.Route;
import dev.dnevnik.upstream.UpstreamGuard;
import io.smallrye.mutiny.Uni;

/**
 * One service behind the gateway, and the one guard every call to it goes through: forwarded requests and the
 * gateway's own calls (voice entries, the dashboard) share its retries and its circuit breaker, built from
 * {@code dnevnik.gateway.services.<name>}. Attempts end by themselves after {@link #timeout()} (a timer on the event
 * loop for forwarded requests, the REST client's read timeout for the gateway's own calls) and fail with a
 * {@link DownstreamFailure} for what counts against the service. Circuit state, retries and timings are in
 * {@code /q/metrics}.
 */
public final class DownstreamService {

    private final String name;
    private final URI url;
    private final GatewayConfig.Service config;
    private final UpstreamGuard guard;
    private final GatewayMetrics metrics;

    DownstreamService(String name, URI url, GatewayConfig.Service config, GatewayMetrics metrics) {
        this.name = name;
        this.url = url;
        this.config = config;
        this.metrics = metrics;
        this.guard = UpstreamGuard.builder(name, config)
                .retryWhen(failure -> failure instanceof DownstreamFailure downstream && downstream.retryable())
                .onRetry((cause, delay) -> metrics.retried(name))
                // a 4xx, or a 503 a service gives about ITS dependencies, is a normal answer
                .countAgainstUpstreamWhen(failure -> failure instanceof DownstreamFailure)
                .onCircuitChange(state -> metrics.circuitChanged(name, state))
                .build();
        metrics.registerCircuit(name);
    }

    /** The name the route table and the configuration use, e.g. {@code diary}. */
    public String name() {
        return name;
    }

    /** The module operators know, e.g. {@code diary-service}. */
    public String module() {
        return Route.moduleOf(name);
    }

    public URI url() {
        return url;
    }

    /** How long one attempt may wait for the answer to begin. */
    public Duration timeout() {
        return config.timeout();
    }

    public int poolSize() {
        return config.poolSize();
    }

    /** How long an open circuit stays open: what clients are told to wait meanwhile. */
    public Duration openDelay() {
        return guard.openDelay();
    }

    /**
     * Runs a call under the guard and times it until its answer begins.
     *
     * @param statusOf the HTTP status an answer stands for, for the metrics
     */
    public <T> Uni<T> call(Supplier<Uni<T>> attempt, ToIntFunction<T> statusOf) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return guard.call(attempt).onItemOrFailure().invoke((answer, failure) -> {
                if (failure == null) {
                    metrics.downstreamAnswered(name, start, statusOf.applyAsInt(answer));
                } else {
                    metrics.downstreamFailed(name, start, failure);
                }
            });
        });
    }
}
