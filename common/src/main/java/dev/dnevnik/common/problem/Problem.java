package dev.dnevnik.common.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, the body of every error response of every Dnevnik service.
 *
 * @param type stable URI identifying the kind of problem; clients switch on it, never on {@code title}
 * @param title short human summary of the problem type
 * @param status the HTTP status code, repeated for clients that only see the body
 * @param detail explanation specific to this occurrence
 * @param instance the request path the problem occurred on
 * @param requestId the request id, to find the matching log lines
 * @param errors field-level violations, present for validation problems only
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
        List<FieldViolation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input field: {@code field} is a JSON-ish path such as {@code tags[3]} or a parameter name. */
    @RegisterForReflection
    public record FieldViolation(String field, String message) {
    }
}
