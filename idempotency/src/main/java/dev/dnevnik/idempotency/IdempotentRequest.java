package dev.dnevnik.idempotency;

/**
 * A request that may be retried under an {@code Idempotency-Key}.
 *
 * @param owner whose key space the key lives in (the user id); keys of different users never collide
 * @param operation what the request does, e.g. {@code POST /entries}; the same key may be used for different operations
 * @param key the client's key, null when the client sent none
 * @param payload the request content; a retry must carry the same content, a different one is rejected (422)
 */
public record IdempotentRequest(String owner, String operation, String key, Object payload) {
}
