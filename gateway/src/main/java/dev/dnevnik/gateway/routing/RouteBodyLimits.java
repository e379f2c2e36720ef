package dev.dnevnik.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.http.RequestBodyLimits;

/** The gateway's body limits come from its route table (the services check their own again). */
@ApplicationScoped
class RouteBodyLimits implements RequestBodyLimits {

    @Override
    public long maxBytes(String path) {
        return Route.forPath(path).map(Route::maxBodyBytes).orElse(Route.DEFAULT_MAX_BODY);
    }

    /** Forwarded requests stream on to their service, which holds a body without a Content-Length to its limit. */
    @Override
    public boolean streamsThrough(String path) {
        return Route.forPath(path).map(Route::forwarded).orElse(false);
    }
}
