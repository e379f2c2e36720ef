package dev.dnevnik.gateway.client;

import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;

/** What the client is told when a service could not answer one of the gateway's own calls. */
public final class ServiceFailures {

    private ServiceFailures() {
    }

    /** A problem for the failure; a service's own error answer ({@link ServiceProblem}) passes unchanged. */
    public static RuntimeException toProblem(String service, Throwable failure) {
        if (failure instanceof ServiceProblem problem) {
            return problem;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            long retryAfter = CallProtection.CIRCUIT_DELAY_MILLIS / 1000;
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    service + " is failing and is given a rest; retry in " + retryAfter + " s")
                    .withHeader("Retry-After", Long.toString(retryAfter));
        }
        if (isTimeout(failure)) {
            return new ProblemException(ProblemType.GATEWAY_TIMEOUT, service + " did not answer in time");
        }
        if (failure instanceof ProcessingException) {
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, service + " cannot be reached at the moment")
                    .withHeader("Retry-After", "5");
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    /** A short reason for the dashboard's degraded list. */
    public static String reason(String service, Throwable failure) {
        if (failure instanceof ServiceProblem problem) {
            return service + " answered " + problem.status();
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return service + " is failing (circuit open)";
        }
        if (isTimeout(failure)) {
            return service + " did not answer in time";
        }
        return service + " cannot be reached";
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException
                || failure instanceof io.smallrye.mutiny.TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
    }
}
