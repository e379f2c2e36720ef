package dev.dnevnik.common.problem;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.dnevnik.common.request.RequestId;

/** Builds problem+json responses; the one place that decides what a problem response looks like. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(ProblemType type, String detail, String instance) {
        return of(type.uri(), type.title(), type.status(), detail, instance, null, Map.of());
    }

    public static Response of(String typeUri, String title, int status, String detail, String instance,
            List<Problem.FieldViolation> violations, Map<String, String> headers) {
        Problem problem = new Problem(typeUri, title, status, detail, instance, RequestId.current(),
                violations == null || violations.isEmpty() ? null : List.copyOf(violations));
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    public static Response of(ProblemException problem, String instance) {
        return of(problem.typeUri(), problem.title(), problem.status(), problem.getMessage(), instance,
                problem.violations(), problem.headers());
    }

    /** The problem body alone, for a problem reported inside a larger answer (e.g. one item of a batch). */
    public static Problem problemOf(ProblemException problem, String instance) {
        return new Problem(problem.typeUri(), problem.title(), problem.status(), problem.getMessage(), instance,
                RequestId.current(), problem.violations() == null || problem.violations().isEmpty() ? null
                        : List.copyOf(problem.violations()));
    }
}
