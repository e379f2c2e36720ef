package dev.dnevnik.transcription.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.core.Response;

import dev.dnevnik.upstream.RetryAfter;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * An error answer of a provider. Its {@code {"error":{"message","type","code"}}} body is parsed, never passed on raw;
 * {@code retry-after} and the {@code x-ratelimit-*} headers are kept for retries and metrics.
 */
public class ProviderHttpException extends RuntimeException {

    private static final int MAX_MESSAGE = 300;

    private final int status;
    private final String providerMessage;
    private final Duration retryAfter;
    private final Map<String, String> rateLimitHeaders;

    ProviderHttpException(int status, String providerMessage, String errorCode, Duration retryAfter,
            Map<String, String> rateLimitHeaders) {
        super("provider answered " + status + (errorCode == null ? "" : " (" + errorCode + ")"), null, false, false);
        this.status = status;
        this.providerMessage = providerMessage;
        this.retryAfter = retryAfter;
        this.rateLimitHeaders = rateLimitHeaders;
    }

    static ProviderHttpException from(Response response) {
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
        return new ProviderHttpException(response.getStatus(), message, code,
                RetryAfter.parse(response.getHeaderString("retry-after")), rateLimitHeaders(response));
    }

    public int status() {
        return status;
    }

    /** The provider's own explanation, cleaned and shortened; null when it gave none. */
    public String providerMessage() {
        return providerMessage;
    }

    /** How long the provider asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, String> rateLimitHeaders() {
        return rateLimitHeaders;
    }

    static Map<String, String> rateLimitHeaders(Response response) {
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
