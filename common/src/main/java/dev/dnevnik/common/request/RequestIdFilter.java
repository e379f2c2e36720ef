package dev.dnevnik.common.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import dev.dnevnik.common.http.FilterOrder;
import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Gives every HTTP request an id before anything else runs, so that even requests rejected by authentication or body
 * limits are logged and answered with it. The id goes into the log MDC (Quarkus keeps the MDC per Vert.x request
 * context, so it follows the request across reactive continuations) and is echoed in the response.
 */
@ApplicationScoped
public class RequestIdFilter {

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String id = RequestId.acceptOrCreate(context.request().getHeader(RequestId.HEADER));
            MDC.put(RequestId.MDC_KEY, id);
            context.put(RequestId.MDC_KEY, id);
            context.response().putHeader(RequestId.HEADER, id);
            context.next();
        }, FilterOrder.REQUEST_ID);
    }
}
