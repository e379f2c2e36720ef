package dev.dnevnik.news.digest;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

import dev.dnevnik.upstream.RetryAfter;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * An error answer of the chat-completions API. Its {@code {"error":{"message","type","code"}}} body is parsed, never
 * passed on raw; {@code retry-after} is kept for the guard's retries.
 */
public class LlmHttpException extends RuntimeException {

    private static final int MAX_MESSAGE = 300;

    private final int status;
    private final String providerMessage;
    private final String errorCode;
    private final Duration retryAfter;

    LlmHttpException(int status, String providerMessage, String errorCode, Duration retryAfter) {
        super("chat-completions API answered " + status + (errorCode == null ? "" : " (" + errorCode + ")"), null,
                false, false);
        this.status = status;
        this.providerMessage = providerMessage;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    static LlmHttpException from(Response response) {
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
        return new LlmHttpException(response.getStatus(), message, code,
                RetryAfter.parse(response.getHeaderString("retry-after")));
    }

    public int status() {
        return status;
    }

    /** The provider's own explanation, cleaned and shortened; null when it gave none. */
    public String providerMessage() {
        return providerMessage;
    }

    public String errorCode() {
        return errorCode;
    }

    /** How long the provider asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static String clean(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().replaceAll("[\\p{Cntrl}]", " ").strip();
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}
