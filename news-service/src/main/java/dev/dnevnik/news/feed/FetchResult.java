package dev.dnevnik.news.feed;

import java.net.URI;
import java.time.Duration;

/**
 * A successful fetch (2xx) or a 304. The validators are what to send next time: the response's own, or on a 304
 * without them the ones that were sent. The refresh hints are durations from the response's own {@code Date} (so a
 * server whose clock is off does not shift them): {@code maxAge} from {@code Cache-Control} less {@code Age} (null
 * when absent or when the server said {@code no-cache}/{@code no-store}), {@code expiresIn} from {@code Expires}
 * (null when absent, unreadable, or overridden by no-cache/no-store; zero when already past), {@code retryAfter}
 * from {@code Retry-After}.
 *
 * @param status           200..299 or 304
 * @param finalUri         the URL that answered, after redirects
 * @param movedPermanently every redirect on the way was permanent (301/308): the feed's URL may be updated
 * @param body             the decompressed body; null on 304
 */
public record FetchResult(int status, URI finalUri, boolean movedPermanently, byte[] body, String contentType,
        String etag, String lastModified, Duration maxAge, Duration expiresIn, Duration retryAfter) {

    public boolean notModified() {
        return status == 304;
    }
}
