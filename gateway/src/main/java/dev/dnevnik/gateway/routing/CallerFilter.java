package dev.dnevnik.gateway.routing;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import dev.dnevnik.common.http.FilterOrder;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.problem.VertxProblems;
import dev.dnevnik.common.security.CurrentUser;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies the bearer token of every {@code /api} request before anything else looks at it: a forged, expired or
 * malformed token is refused here with 401, so it never costs a service a request, and the verified caller is known
 * to the rate limiter and the router. Requests without a token pass on; each route decides whether it needs one.
 */
@ApplicationScoped
public class CallerFilter {

    private static final String BEARER = "Bearer ";

    private final JWTParser parser;

    public CallerFilter(JWTParser parser) {
        this.parser = parser;
    }

    void register(@Observes Filters filters) {
        filters.register(this::identify, FilterOrder.GATEWAY_CALLER);
    }

    void identify(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !context.request().path().startsWith(Route.API + "/")
                || context.request().method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            // API keys are exchanged for a token at /api/auth/token; other schemes are not understood here
            if (isTokenExchange(context)) {
                context.next();
            } else {
                unauthorized(context, "Send the access token as 'Authorization: Bearer <token>'");
            }
            return;
        }
        String token = authorization.substring(BEARER.length()).strip();
        JsonWebToken verified;
        try {
            verified = parser.parse(token);
        } catch (ParseException e) {
            unauthorized(context, "The access token is invalid or has expired; sign in again");
            return;
        }
        UUID userId;
        try {
            userId = CurrentUser.parse(verified.getSubject());
        } catch (ProblemException e) {
            unauthorized(context, e.getMessage());
            return;
        }
        boolean admin = verified.getGroups() != null && verified.getGroups().contains(CurrentUser.ADMIN_GROUP);
        new Caller(userId, admin).attachTo(context);
        MDC.put(CurrentUser.MDC_KEY, userId.toString());
        context.next();
    }

    private static boolean isTokenExchange(RoutingContext context) {
        return context.request().path().equals("/api/auth/token");
    }

    private static void unauthorized(RoutingContext context, String detail) {
        context.response().putHeader("WWW-Authenticate", "Bearer");
        VertxProblems.respond(context, ProblemType.UNAUTHORIZED, detail);
    }
}
