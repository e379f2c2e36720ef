package dev.dnevnik.gateway.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.ws.rs.ProcessingException;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * A service's package-private REST client interface, for the gateway's own calls, behind the service's guard. Its
 * address, its per-attempt timeout (the read timeout) and its connection pool come from the service's configuration;
 * a call to a service that is not deployed fails at once with the same 503 its routes answer.
 */
final class ServiceClient<A> {

    private final String serviceName;
    private final DownstreamService service;
    private final A api;

    private ServiceClient(String serviceName, DownstreamService service, A api) {
        this.serviceName = serviceName;
        this.service = service;
        this.api = api;
    }

    static <A> ServiceClient<A> of(Downstreams downstreams, String serviceName, Class<A> apiType) {
        DownstreamService service = downstreams.find(serviceName).orElse(null);
        A api = service == null ? null : QuarkusRestClientBuilder.newBuilder()
                .baseUri(service.url())
                .connectTimeout(Math.min(5_000, service.timeout().toMillis()), TimeUnit.MILLISECONDS)
                .readTimeout(service.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, service.poolSize())
                .property(QuarkusRestClientProperties.NAME, "gateway-" + serviceName)
                .build(apiType);
        return new ServiceClient<>(serviceName, service, api);
    }

    /**
     * One call under the guard; {@code request} is made again for every attempt. Failures come out as what the client
     * is told ({@link DownstreamProblems}).
     */
    <T> Uni<T> call(Function<A, Uni<T>> request) {
        if (service == null) {
            return Uni.createFrom().failure(DownstreamProblems.notDeployed(serviceName));
        }
        return service.call(() -> request.apply(api)
                .onFailure(failure -> !(failure instanceof ServiceProblem || failure instanceof DownstreamFailure))
                .transform(this::asDownstreamFailure), answer -> 200)
                .onFailure().transform(failure -> DownstreamProblems.toClient(service, failure));
    }

    /** A client-side failure of one attempt (often wrapped in a ProcessingException): no answer in time, or none. */
    private Throwable asDownstreamFailure(Throwable failure) {
        if (failure instanceof ProcessingException
                && (failure.getCause() instanceof ServiceProblem || failure.getCause() instanceof DownstreamFailure)) {
            return failure.getCause();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return DownstreamFailure.timeout(service.module(), true);
            }
        }
        return DownstreamFailure.unreachable(service.module(), true, failure);
    }
}
