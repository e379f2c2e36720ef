package dev.dnevnik.gateway.client;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A service answered the gateway's own call (voice entry, dashboard) with an error. Its problem body is kept and
 * handed to the client as it is: the service knows best what went wrong (a 400 with field errors, a 422 from the
 * speech provider...).
 */
public class ServiceProblem extends RuntimeException {

    private final String service;
    private final int status;
    private final String body;
    private final String contentType;
    private final String retryAfter;

    ServiceProblem(String service, Response response) {
        super(service + " answered " + response.getStatus(), null, false, false);
        this.service = service;
        this.status = response.getStatus();
        this.body = response.hasEntity() ? response.readEntity(String.class) : null;
        this.contentType = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
        this.retryAfter = response.getHeaderString(HttpHeaders.RETRY_AFTER);
    }

    /** The service's error, as a client exception; 500, 502 and 504 are the service failing (see ServiceFailure). */
    static ServiceProblem of(String service, Response response) {
        int status = response.getStatus();
        return status == 500 || status == 502 || status == 504
                ? new ServiceFailure(service, response)
                : new ServiceProblem(service, response);
    }

    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    public String retryAfter() {
        return retryAfter;
    }

    /** The service itself failed: worth a retry, and counted by its circuit breaker. */
    public static final class ServiceFailure extends ServiceProblem {
        ServiceFailure(String service, Response response) {
            super(service, response);
        }
    }
}
