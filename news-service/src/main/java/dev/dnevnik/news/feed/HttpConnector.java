package dev.dnevnik.news.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.http.HttpClientRequest;

/**
 * Opens HTTP requests to the exact server address the fetcher chose ({@link RequestOptions#getServer()}); the seam
 * through which tests count connection attempts.
 */
public interface HttpConnector {

    Uni<HttpClientRequest> open(RequestOptions options);
}
