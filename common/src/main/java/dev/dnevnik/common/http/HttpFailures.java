package dev.dnevnik.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.problem.VertxProblems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures of Vert.x handlers below the REST layer (malformed requests, bodies that turn out too large while
 * streaming, unexpected errors), where exception mappers never run, are answered with a problem instead of Quarkus'
 * default error page.
 */
@ApplicationScoped
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handleFailure);
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
        VertxProblems.respond(context, status, detail);
    }
}
