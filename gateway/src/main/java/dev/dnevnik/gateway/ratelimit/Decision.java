package dev.dnevnik.gateway.ratelimit;

/**
 * The answer of a bucket to one request, with what the client is told in the {@code RateLimit-*} headers.
 *
 * @param allowed whether the request may go on
 * @param limit the bucket's capacity (requests per period)
 * @param remaining whole requests left right now
 * @param resetSeconds seconds until the bucket is full again
 * @param retryAfterSeconds for a refused request, seconds until one request is allowed again; 0 when allowed
 */
public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {

    static Decision of(boolean allowed, int capacity, double tokensLeft, double tokensPerMilli) {
        long reset = (long) Math.ceil((capacity - tokensLeft) / tokensPerMilli / 1000.0);
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokensLeft) / tokensPerMilli / 1000.0));
        return new Decision(allowed, capacity, (int) Math.floor(tokensLeft), reset, retryAfter);
    }
}
