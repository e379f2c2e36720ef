package dev.dnevnik.common.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every exception that reaches the REST layer into an RFC 9457 problem. Expected failures keep their meaning
 * (400, 401, 404, ...); a database that cannot be reached is a 503 with {@code Retry-After}; anything else unexpected
 * becomes a 500 whose body says nothing about the internals, while the log line (with the request id) keeps the stack
 * trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Map<String, String> BEARER_CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer");

    @ServerExceptionMapper
    public Response problem(ProblemException problem, UriInfo uri) {
        Map<String, String> headers = problem.status() == 401 && !problem.headers().containsKey(HttpHeaders.WWW_AUTHENTICATE)
                ? BEARER_CHALLENGE
                : problem.headers();
        return ProblemResponses.of(problem.typeUri(), problem.title(), problem.status(), problem.getMessage(),
                path(uri), problem.violations(), headers);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException exception, UriInfo uri) {
        List<Problem.FieldViolation> violations = new ArrayList<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            if (isReturnValue(violation.getPropertyPath())) {
                // our own output failed validation: a bug, not the client's fault
                return unexpected(exception, uri);
            }
            violations.add(new Problem.FieldViolation(fieldName(violation.getPropertyPath()), violation.getMessage()));
        }
        violations.sort((a, b) -> a.field().compareTo(b.field()));
        return problem(ProblemException.validation(violations), uri);
    }

    /** Listing the subtypes overrides the body-less 400 mappers Quarkus registers for them. */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, JsonParseException.class })
    public Response unreadableJson(JsonProcessingException exception, UriInfo uri) {
        // a syntax error deep inside a field is still a syntax error, not a wrong value for that field
        boolean syntaxError = exception.getCause() instanceof JsonParseException;
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty() && !syntaxError) {
            return problem(ProblemException.validation(jsonPath(mapping), expectation(mapping)), uri);
        }
        return ProblemResponses.of(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON", path(uri));
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException exception, UriInfo uri) {
        String detail = exception instanceof AuthenticationFailedException
                ? "The bearer token is invalid or expired"
                : "A bearer token is required";
        return ProblemResponses.of(ProblemType.UNAUTHORIZED.uri(), ProblemType.UNAUTHORIZED.title(), 401, detail,
                path(uri), null, BEARER_CHALLENGE);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, UriInfo uri) {
        return ProblemResponses.of(ProblemType.FORBIDDEN, "You are not allowed to do this", path(uri));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception, UriInfo uri) {
        if (exception.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(exception, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not supported on this resource";
            case 406 -> "None of the accepted media types can be produced";
            case 413 -> "The request body is too large";
            case 415 -> "This media type is not supported here";
            default -> exception.getMessage();
        };
        return ProblemResponses.of(type.uri(), type.title(), status, detail, path(uri), null, Map.of());
    }

    @ServerExceptionMapper
    public Response completion(CompletionException exception, UriInfo uri) {
        Throwable cause = exception.getCause();
        if (cause instanceof ProblemException problem) {
            return problem(problem, uri);
        }
        return unexpected(exception, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable throwable, UriInfo uri) {
        if (DatabaseUnavailable.causes(throwable)) {
            // expected while PostgreSQL restarts or fails over: nothing was done, the client may simply retry
            LOG.warnf("The database is unavailable on %s: %s", path(uri), DatabaseUnavailable.describe(throwable));
            return problem(DatabaseUnavailable.problem(), uri);
        }
        LOG.errorf(throwable, "Unexpected failure on %s", path(uri));
        return ProblemResponses.of(ProblemType.INTERNAL,
                "Something went wrong on our side; quote the request id when reporting it", path(uri));
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's name for the invalid value: {@code title} or {@code tags[2]} for a body field, the parameter name
     * for a query or header parameter. The Java method and body-parameter names are internal and dropped.
     */
    static String fieldName(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> {
                }
                case PARAMETER -> {
                    // a body parameter is followed by its properties; a query/header parameter stands alone
                    if (i == nodes.size() - 1) {
                        field.append(node.getName());
                    }
                }
                default -> {
                    // the index of a list element sits on the node inside the list: items[0].name
                    if (node.isInIterable()) {
                        Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                        field.append('[').append(position == null ? "" : position).append(']');
                    }
                    if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                        if (!field.isEmpty()) {
                            field.append('.');
                        }
                        field.append(node.getName());
                    }
                }
            }
        }
        return field.isEmpty() ? "request" : field.toString();
    }

    /** What the client should have sent; Dnevnik enums are lowercase on the wire. */
    private static String expectation(JsonMappingException exception) {
        if (exception instanceof InvalidFormatException format && format.getTargetType() != null) {
            Class<?> target = format.getTargetType();
            if (target.isEnum()) {
                StringBuilder allowed = new StringBuilder();
                for (Object constant : target.getEnumConstants()) {
                    allowed.append(allowed.isEmpty() ? "" : ", ").append(constant.toString().toLowerCase(Locale.ROOT));
                }
                return "must be one of: " + allowed;
            }
            return switch (target.getSimpleName()) {
                case "String" -> format.getOriginalMessage();
                case "LocalDate" -> "must be a date like 2026-03-01";
                case "UUID" -> "must be a UUID";
                case "Instant", "OffsetDateTime" -> "must be a timestamp like 2026-03-01T10:15:30Z";
                default -> "has the wrong format";
            };
        }
        return "has the wrong type";
    }

    private static String jsonPath(JsonMappingException exception) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : exception.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
