package dev.dnevnik.common.problem;

/**
 * The stable problem types shared by all services. The URI is what clients match on; it stays the same even if the
 * wording of the title changes.
 */
public enum ProblemType {
    VALIDATION("validation", "Invalid request", 400),
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Not allowed", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    IDEMPOTENCY_IN_PROGRESS("idempotency-key-in-progress", "Request with this Idempotency-Key is in progress", 409),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    /** Answered below every route by the invalid-requests extension (which cannot use this enum: common uses it). */
    URI_TOO_LONG("uri-too-long", "URI too long", 414),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency-Key reused with a different request", 422),
    PRECONDITION_REQUIRED("precondition-required", "Precondition required", 428),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
    /** Answered below every route by the invalid-requests extension (which cannot use this enum: common uses it). */
    HEADERS_TOO_LARGE("headers-too-large", "Request header fields too large", 431),
    INTERNAL("internal", "Internal error", 500),
    BAD_GATEWAY("bad-gateway", "Upstream failure", 502),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", 503),
    GATEWAY_TIMEOUT("gateway-timeout", "Upstream timeout", 504);

    public static final String BASE_URI = "https://dnevnik.dev/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The generic type for a status that has no more specific one. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
    }
}
