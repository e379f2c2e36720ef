package dev.dnevnik.gateway.client;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.gateway.routing.Route;
import dev.dnevnik.upstream.RetryAfter;

/**
 * The one place that decides what a client is told when a service could not answer: forwarded requests and the
 * gateway's own calls alike, and the reasons the dashboard lists for the parts it left out.
 */
public final class DownstreamProblems {

    private static final Logger LOG = Logger.getLogger(DownstreamProblems.class);
    /** What a client is told to wait for a service that cannot be reached: a restart takes seconds. */
    private static final String UNREACHABLE_RETRY_AFTER = "5";
    /** What a client is told to wait for a service that is not deployed: an installation changes slowly. */
    private static final String NOT_DEPLOYED_RETRY_AFTER = "60";

    private DownstreamProblems() {
    }

    /**
     * The answer for a failed call: the service's own error answer as it gave it ({@link ServiceProblem}), or a
     * problem of the gateway's.
     */
    public static RuntimeException toClient(DownstreamService service, Throwable failure) {
        if (failure instanceof ServiceProblem answer) {
            return answer;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            String retryAfter = RetryAfter.header(service.openDelay());
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, service.module()
                    + " is failing and is given a rest; retry in " + retryAfter + " s")
                    .withHeader("Retry-After", retryAfter);
        }
        if (failure instanceof DownstreamFailure downstream) {
            return switch (downstream.kind()) {
                case SERVER_ERROR -> downstream.answer();
                case TIMEOUT -> new ProblemException(ProblemType.GATEWAY_TIMEOUT,
                        service.module() + " did not answer in time");
                case UNREACHABLE -> new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                        service.module() + " cannot be reached at the moment")
                        .withHeader("Retry-After", UNREACHABLE_RETRY_AFTER);
            };
        }
        LOG.errorf(failure, "Calling %s failed unexpectedly", service.module());
        return new ProblemException(ProblemType.BAD_GATEWAY,
                "Calling " + service.module() + " failed; quote the request id when reporting it");
    }

    /** The answer for a route whose service this installation does not run. */
    public static ProblemException notDeployed(String service) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                Route.moduleOf(service) + " is not deployed in this installation yet")
                .withHeader("Retry-After", NOT_DEPLOYED_RETRY_AFTER);
    }

    /**
     * A short reason for a part of an answer that had to be left out (the dashboard's degraded list), from what a
     * call failed with: the client-facing answer {@link #toClient} made, or a deadline of the caller's own.
     */
    public static String reason(String module, Throwable failure) {
        if (failure instanceof ServiceProblem answer) {
            return module + " answered " + answer.status();
        }
        if (failure instanceof ProblemException problem) {
            return problem.getMessage();
        }
        if (failure instanceof io.smallrye.mutiny.TimeoutException) {
            return module + " did not answer in time";
        }
        return module + " failed";
    }
}
