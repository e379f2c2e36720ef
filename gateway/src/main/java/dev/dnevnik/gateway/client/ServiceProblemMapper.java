package dev.dnevnik.gateway.client;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A service's error answer to one of the gateway's own calls reaches the client as the service gave it. */
public class ServiceProblemMapper {

    @ServerExceptionMapper
    public Response passOn(ServiceProblem problem) {
        Response.ResponseBuilder response = Response.status(problem.status());
        if (problem.body() != null) {
            response.entity(problem.body()).type(problem.contentType());
        }
        if (problem.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfter());
        }
        return response.build();
    }
}
