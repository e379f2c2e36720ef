package dev.dnevnik.common.http;

/**
 * The order of the Vert.x filters that run before any route, in one place (Quarkus runs higher priorities first). The
 * gateway's filters are listed here too, because their order relative to the common ones matters.
 */
public final class FilterOrder {

    /** Every request gets its id first, so that even refused requests are logged and answered with it. */
    public static final int REQUEST_ID = 10_000;
    /** Gateway: starts timing before anything can refuse the request, so every answer is counted. */
    public static final int GATEWAY_METRICS = 9_500;
    /** Oversize bodies are refused from their Content-Length, before a byte is read or a token verified. */
    public static final int BODY_SIZE_LIMIT = 9_000;
    /** Bodies without a Content-Length are read ahead, up to their path's limit, before a token is verified. */
    public static final int CHUNKED_BODY_LIMIT = 8_900;
    /** Gateway: verifies the bearer token, so that the rate limiter and the router know the caller. */
    public static final int GATEWAY_CALLER = 8_500;
    /** Gateway: takes a rate-limit token, per caller. */
    public static final int GATEWAY_RATE_LIMIT = 8_000;

    private FilterOrder() {
    }
}
