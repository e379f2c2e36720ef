package dev.dnevnik.gateway.client;

/**
 * A service failed to answer one attempt properly: it could not be reached, it did not answer in time, or it answered
 * with a server error (500, 502, 504). These, and only these, count against its circuit breaker; they are retried when
 * the request is safe to repeat. Any other answer, a 4xx or a 503 a service gives about its own dependencies
 * included, is the service working as it should.
 */
public final class DownstreamFailure extends RuntimeException {

    public enum Kind {
        UNREACHABLE, TIMEOUT, SERVER_ERROR
    }

    private final Kind kind;
    private final boolean retryable;
    private final ServiceProblem answer;

    private DownstreamFailure(Kind kind, String message, boolean retryable, ServiceProblem answer, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryable = retryable;
        this.answer = answer;
    }

    public static DownstreamFailure unreachable(String service, boolean retryable, Throwable cause) {
        return new DownstreamFailure(Kind.UNREACHABLE, service + " could not be reached: " + cause.getMessage(),
                retryable, null, cause);
    }

    public static DownstreamFailure timeout(String service, boolean retryable) {
        return new DownstreamFailure(Kind.TIMEOUT, service + " did not answer in time", retryable, null, null);
    }

    public static DownstreamFailure serverError(String service, boolean retryable, ServiceProblem answer) {
        return new DownstreamFailure(Kind.SERVER_ERROR, service + " answered " + answer.status(), retryable, answer,
                null);
    }

    /** Whether an answer with this status is the service failing rather than answering. */
    public static boolean isServerError(int status) {
        return status == 500 || status == 502 || status == 504;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the request may be sent again: it is idempotent and its body (if any) is still at hand. */
    public boolean retryable() {
        return retryable;
    }

    /** For {@link Kind#SERVER_ERROR}: the service's answer, passed on to the client when retries are spent. */
    public ServiceProblem answer() {
        return answer;
    }
}
