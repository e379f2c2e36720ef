package dev.dnevnik.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.problem.VertxProblems;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body announced larger than its path accepts ({@link RequestBodyLimits}) with a 413 problem before a byte
 * of it is read, and closes the connection (the body will not be read). Bodies without a Content-Length (chunked) are
 * held to the same limit while they stream, by {@link ChunkedBodyLimit}.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final RequestBodyLimits limits;

    public BodySizeLimit(RequestBodyLimits limits) {
        this.limits = limits;
    }

    void register(@Observes Filters filters) {
        filters.register(this::refuseOversizeBody, FilterOrder.BODY_SIZE_LIMIT);
    }

    void refuseOversizeBody(RoutingContext context) {
        String contentLength = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null) {
            long limit = limits.maxBytes(context.request().path());
            long length;
            try {
                length = Long.parseLong(contentLength.strip());
            } catch (NumberFormatException e) {
                VertxProblems.respond(context, ProblemType.MALFORMED_REQUEST, "Content-Length is not a number");
                return;
            }
            if (length > limit) {
                VertxProblems.respond(context, ProblemType.PAYLOAD_TOO_LARGE,
                        "The request body is larger than the " + limit + " bytes accepted here");
                return;
            }
        }
        context.next();
    }
}
