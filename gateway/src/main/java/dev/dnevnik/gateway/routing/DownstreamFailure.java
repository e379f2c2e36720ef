package dev.dnevnik.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A downstream service failed to answer one attempt properly: it could not be reached, it did not answer in time, or
 * it answered with a server error. These, and only these, count against its circuit breaker; they are retried when
 * the request is safe to repeat.
 */
public final class DownstreamFailure extends RuntimeException {

    public enum Kind {
        UNREACHABLE, TIMEOUT, SERVER_ERROR
    }

    private final Kind kind;
    private final boolean retryable;
    private final int status;
    private final MultiMap headers;
    private final Buffer body;

    private DownstreamFailure(Kind kind, String message, boolean retryable, int status, MultiMap headers, Buffer body,
            Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryable = retryable;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    static DownstreamFailure unreachable(String service, boolean retryable, Throwable cause) {
        return new DownstreamFailure(Kind.UNREACHABLE, service + " could not be reached: " + cause.getMessage(),
                retryable, 0, null, null, cause);
    }

    static DownstreamFailure timeout(String service, boolean retryable) {
        return new DownstreamFailure(Kind.TIMEOUT, service + " did not answer in time", retryable, 0, null, null,
                null);
    }

    static DownstreamFailure serverError(String service, boolean retryable, int status, MultiMap headers,
            Buffer body) {
        return new DownstreamFailure(Kind.SERVER_ERROR, service + " answered " + status, retryable, status, headers,
                body, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the request may be sent again: it is idempotent and its body (if any) is still at hand. */
    public boolean retryable() {
        return retryable;
    }

    /** For {@link Kind#SERVER_ERROR}: the downstream's answer, passed on to the client when retries are spent. */
    public int status() {
        return status;
    }

    public MultiMap headers() {
        return headers;
    }

    public Buffer body() {
        return body;
    }
}
