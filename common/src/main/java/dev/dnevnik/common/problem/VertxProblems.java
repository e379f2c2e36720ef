package dev.dnevnik.common.problem;

import dev.dnevnik.common.request.RequestId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers written from Vert.x handlers (filters and routes outside the REST layer), looking exactly like the
 * ones the REST layer's exception mappers write.
 */
public final class VertxProblems {

    private VertxProblems() {
    }

    public static void respond(RoutingContext context, ProblemType type, String detail) {
        write(context, new Problem(type.uri(), type.title(), type.status(), detail, context.request().path(),
                requestId(context), null));
    }

    /** For a status known only as a number (a failed handler's); the problem type is the status' generic one. */
    public static void respond(RoutingContext context, int status, String detail) {
        ProblemType type = ProblemType.forStatus(status);
        write(context, new Problem(type.uri(), type.title(), status, detail, context.request().path(),
                requestId(context), null));
    }

    /** A problem a service raised, with its headers (e.g. {@code Retry-After}). */
    public static void respond(RoutingContext context, ProblemException problem) {
        problem.headers().forEach(context.response()::putHeader);
        write(context, ProblemResponses.problemOf(problem, context.request().path()));
    }

    private static void write(RoutingContext context, Problem problem) {
        HttpServerResponse response = context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 413) {
            // the body will not be read: the connection cannot be reused, and is closed rather than read to its end
            response.putHeader(HttpHeaders.CONNECTION, "close");
            context.addEndHandler(ended -> context.request().connection().close());
        }
        response.end(Json.encode(problem));
    }

    private static String requestId(RoutingContext context) {
        Object id = context.get(RequestId.MDC_KEY);
        return id == null ? null : id.toString();
    }
}
