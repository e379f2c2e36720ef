package dev.dnevnik.upstream;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.core.Response;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * An error answer of an OpenAI-compatible API (speech to text, chat completions): its
 * {@code {"error":{"message","type","code"}}} body parsed, never passed on raw; {@code retry-after} and the
 * {@code x-ratelimit-*} headers kept for the guard's retries and for metrics.
 */
public class OpenAiApiError extends RuntimeException {

    private static final int MAX_MESSAGE = 300;

    private final int status;
    private final String apiMessage;
    private final String errorCode;
    private final Duration retryAfter;
    private final Map<String, String> rateLimitHeaders;

    public OpenAiApiError(String who, int status, String apiMessage, String errorCode, Duration retryAfter,
            Map<String, String> rateLimitHeaders) {
        super(who + " answered " + status + (errorCode == null ? "" : " (" + errorCode + ")"), null, false, false);
        this.status = status;
        this.apiMessage = apiMessage;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
        this.rateLimitHeaders = rateLimitHeaders;
    }

    /**
     * The error an answer carries.
     *
     * @param who what answered, for the exception's message (e.g. "provider", "chat-completions API")
     */
    public static OpenAiApiError from(Response response, String who) {
        String message = null;
        String code = null;
        try {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            if (body != null && !body.isBlank()) {
                JsonObject error = new JsonObject(body).getJsonObject("error");
                if (error != null) {
                    message = clean(error.getValue("message"));
                    code = clean(error.getValue("code"));
                }
            }
        } catch (DecodeException | ClassCastException | IllegalStateException notTheDocumentedShape) {
            // an HTML error page from a proxy, say: keep the status, drop the body
        }
        return new OpenAiApiError(who, response.getStatus(), message, code,
                RetryAfter.parse(response.getHeaderString("retry-after")), rateLimitHeaders(response));
    }

    public int status() {
        return status;
    }

    /** The API's own explanation, cleaned and shortened; null when it gave none. */
    public String apiMessage() {
        return apiMessage;
    }

    /** The API's error code (e.g. {@code rate_limit_exceeded}), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** How long the API asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, String> rateLimitHeaders() {
        return rateLimitHeaders;
    }

    /** The {@code x-ratelimit-*} headers of any answer (a success carries them too), by lowercase name. */
    public static Map<String, String> rateLimitHeaders(Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.getStringHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-ratelimit-") && !values.isEmpty()) {
                headers.put(lower, values.get(0));
            }
        });
        return headers;
    }

    private static String clean(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().replaceAll("[\\p{Cntrl}]", " ").strip();
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}
