package dev.dnevnik.common.problem;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.dnevnik.common.request.RequestId;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem+json for failures that happen below the REST layer, where exception mappers never run.
 * <ul>
 * <li>A body announced larger than {@code quarkus.http.limits.max-body-size}, or than a tighter limit for its path
 * ({@link HttpLimits}), is refused with 413 before a byte of it is read (Quarkus' own check answers such requests with an empty 413; it stays as the fallback for chunked bodies
 * that only turn out too large while streaming).</li>
 * <li>Failures of Vert.x handlers (malformed requests, unexpected errors) get a problem body instead of Quarkus' default
 * error page.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpLevelProblems {

    private static final Logger LOG = Logger.getLogger(HttpLevelProblems.class);
    /** After the request id filter, before body handling and authentication. */
    private static final int BODY_LIMIT_PRIORITY = 9_000;

    private final long maxBodyBytes;
    private final Map<String, Long> maxBodyBytesByPath;

    public HttpLevelProblems(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            HttpLimits limits) {
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.maxBodyBytesByPath = limits.maxBodySizeByPath().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> entry.getValue().asLongValue()));
    }

    void register(@Observes Filters filters) {
        filters.register(this::refuseOversizeBody, BODY_LIMIT_PRIORITY);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handleFailure);
    }

    void refuseOversizeBody(RoutingContext context) {
        String contentLength = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null) {
            try {
                long limit = maxBodyBytesByPath.getOrDefault(context.request().path(), maxBodyBytes);
                if (Long.parseLong(contentLength.strip()) > limit) {
                    respond(context, 413, "The request body is larger than the " + limit
                            + " bytes accepted here");
                    return;
                }
            } catch (NumberFormatException e) {
                respond(context, 400, "Content-Length is not a number");
                return;
            }
        }
        context.next();
    }

    void handleFailure(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        if (status >= 500) {
            LOG.errorf(context.failure(), "Unexpected HTTP failure on %s", context.request().path());
        }
        String detail = switch (status) {
            case 413 -> "The request body is larger than this service accepts";
            case 404 -> "No such resource";
            default -> status >= 500
                    ? "Something went wrong on our side; quote the request id when reporting it"
                    : ProblemType.forStatus(status).title();
        };
        respond(context, status, detail);
    }

    private static void respond(RoutingContext context, int status, String detail) {
        respond(context, ProblemType.forStatus(status), status, detail);
    }

    /** Answers with a problem from a Vert.x handler (a filter or a route outside the REST layer). */
    public static void respond(RoutingContext context, ProblemType type, String detail) {
        respond(context, type, type.status(), detail);
    }

    private static void respond(RoutingContext context, ProblemType type, int status, String detail) {
        Object requestId = context.get(RequestId.MDC_KEY);
        Problem problem = new Problem(type.uri(), type.title(), status, detail, context.request().path(),
                requestId == null ? null : requestId.toString(), null);
        var response = context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 413) {
            // the body will not be read: the connection cannot be reused for another request
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Json.encode(problem));
    }
}
