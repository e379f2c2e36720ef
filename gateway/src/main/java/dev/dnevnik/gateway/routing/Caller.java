package dev.dnevnik.gateway.routing;

import java.util.UUID;

import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request, as the gateway verified it from the bearer token before routing: the user id ({@code sub}) and
 * whether they are an operator. The token itself goes on to the services in the Authorization header (they verify it
 * again).
 */
public record Caller(UUID userId, boolean admin) {

    private static final String CONTEXT_KEY = "dnevnik.caller";

    /** The verified caller of this request, or null when it carried no token. */
    public static Caller of(RoutingContext context) {
        return context.get(CONTEXT_KEY);
    }

    void attachTo(RoutingContext context) {
        context.put(CONTEXT_KEY, this);
    }
}
