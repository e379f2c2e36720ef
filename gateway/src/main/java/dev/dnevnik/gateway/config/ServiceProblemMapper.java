package dev.dnevnik.gateway.config;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.dnevnik.common.problem.Problem;
import dev.dnevnik.gateway.client.ServiceProblem;

/** A service's error answer to one of the gateway's own calls reaches the client as the service gave it. */
public class ServiceProblemMapper {

    @ServerExceptionMapper
    public Response passOn(ServiceProblem problem) {
        Response.ResponseBuilder response = Response.status(problem.status());
        if (problem.body() != null) {
            response.entity(problem.body())
                    .type(problem.contentType() == null ? Problem.MEDIA_TYPE : problem.contentType());
        }
        if (problem.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfter());
        }
        return response.build();
    }
}
