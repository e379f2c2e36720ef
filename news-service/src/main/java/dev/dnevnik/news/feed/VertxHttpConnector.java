package dev.dnevnik.news.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;

/**
 * The Vert.x HTTP client feeds are fetched with: connect timeout from the configuration, TLS with host name
 * verification against the URL's host (sent as SNI although the connection goes to a checked IP), no automatic
 * redirects and no automatic decompression (the fetcher does both itself, to check every hop and cap the body).
 */
public final class VertxHttpConnector implements HttpConnector {

    private final HttpClient client;

    public VertxHttpConnector(Vertx vertx, FeedsConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .setDecompressionSupported(false)
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(true)
                .setName("feeds");
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
    }

    @Override
    public Uni<HttpClientRequest> open(RequestOptions options) {
        return client.request(options);
    }

    public Uni<Void> close() {
        return client.close();
    }
}
