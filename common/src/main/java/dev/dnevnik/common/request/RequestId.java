package dev.dnevnik.common.request;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

/**
 * The id that ties together every log line and downstream call made for one client request. Taken from the
 * {@code X-Request-Id} header when the caller sends a sane one (so a trace spans gateway and services), created
 * otherwise.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** Callers may pass their own id, but it ends up in logs and headers: keep it short and inert. */
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestId() {
    }

    /** The caller's id when acceptable, else a fresh one. */
    public static String acceptOrCreate(String fromHeader) {
        if (fromHeader != null && ACCEPTABLE.matcher(fromHeader).matches()) {
            return fromHeader;
        }
        return UUID.randomUUID().toString();
    }

    /** The id of the request being handled on this context, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
