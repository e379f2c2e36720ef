package dev.dnevnik.idempotency;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.dnevnik.common.request.IdempotencyKey;

/**
 * The answer to a request made under an {@code Idempotency-Key}: the same type whether the request ran now or is a
 * replay of its first run, so callers count and map it one way. Only a successful answer is ever stored; failures
 * release the key instead.
 *
 * @param status the HTTP status, e.g. 201
 * @param body the answer's content, as the first run produced it
 * @param headers the headers a replay must repeat ({@code Location}, {@code ETag})
 * @param replayed true when this is the stored answer of an earlier request with the same key
 */
public record IdempotentResponse<T>(int status, T body, Map<String, String> headers, boolean replayed) {

    public IdempotentResponse {
        headers = Map.copyOf(headers);
    }

    /** 201 Created pointing at the new resource. */
    public static <T> IdempotentResponse<T> created(URI location, T body) {
        return new IdempotentResponse<>(201, body, Map.of(HttpHeaders.LOCATION, location.toString()), false);
    }

    /** 202: the work was accepted as a job whose status is at {@code location}. */
    public static <T> IdempotentResponse<T> accepted(URI location, T body) {
        return new IdempotentResponse<>(202, body, Map.of(HttpHeaders.LOCATION, location.toString()), false);
    }

    public IdempotentResponse<T> withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new IdempotentResponse<>(status, body, more, replayed);
    }

    IdempotentResponse<T> asReplay() {
        return new IdempotentResponse<>(status, body, headers, true);
    }

    /** The HTTP answer; a replay carries {@code Idempotent-Replayed: true}. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).entity(body);
        headers.forEach(response::header);
        if (replayed) {
            response.header(IdempotencyKey.REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
