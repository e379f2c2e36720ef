package dev.dnevnik.gateway.client;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.dnevnik.common.problem.Problem;
import dev.dnevnik.gateway.routing.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * A service's own error answer, handed to the client as the service gave it: the service knows best what went wrong
 * (a 400 with field errors, a 422 from the speech provider, a 503 about its database). Forwarded requests stream such
 * answers through anyway; this carries them out of the gateway's own calls, and out of a forwarded request whose
 * retries ended on a server error.
 */
public class ServiceProblem extends RuntimeException {

    private final int status;
    private final String contentType;
    private final String retryAfter;
    private final byte[] body;

    ServiceProblem(String service, int status, String contentType, String retryAfter, byte[] body) {
        super(service + " answered " + status, null, false, false);
        this.status = status;
        this.contentType = contentType == null ? Problem.MEDIA_TYPE : contentType;
        this.retryAfter = retryAfter;
        this.body = body;
    }

    /**
     * What an error answer to one of the gateway's own (REST client) calls means: 500, 502 and 504 are the service
     * failing (a {@link DownstreamFailure}, retried and counted by its circuit); any other is its answer for the client.
     */
    static RuntimeException ofErrorAnswer(String service, Response response) {
        String module = Route.moduleOf(service);
        ServiceProblem answer = of(module, response);
        return DownstreamFailure.isServerError(response.getStatus())
                ? DownstreamFailure.serverError(module, true, answer)
                : answer;
    }

    private static ServiceProblem of(String service, Response response) {
        return new ServiceProblem(service, response.getStatus(), response.getHeaderString(HttpHeaders.CONTENT_TYPE),
                response.getHeaderString(HttpHeaders.RETRY_AFTER),
                response.hasEntity() ? response.readEntity(byte[].class) : null);
    }

    /** From an error answer to a forwarded request, its (small) body already read. */
    public static ServiceProblem of(String service, HttpClientResponse response, Buffer body) {
        return new ServiceProblem(service, response.statusCode(), response.getHeader(HttpHeaders.CONTENT_TYPE),
                response.getHeader(HttpHeaders.RETRY_AFTER), body == null ? null : body.getBytes());
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The service's Retry-After, or null. */
    public String retryAfter() {
        return retryAfter;
    }

    /** The answer's body, or null when it had none. */
    public byte[] body() {
        return body;
    }
}
