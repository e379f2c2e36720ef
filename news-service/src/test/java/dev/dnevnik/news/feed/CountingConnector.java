package dev.dnevnik.news.feed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.http.HttpClientRequest;

/** The real connector, counting the connection attempts and remembering where each went. */
final class CountingConnector implements HttpConnector {

    private final HttpConnector delegate;
    final List<String> servers = new CopyOnWriteArrayList<>();

    CountingConnector(HttpConnector delegate) {
        this.delegate = delegate;
    }

    int attempts() {
        return servers.size();
    }

    @Override
    public Uni<HttpClientRequest> open(RequestOptions options) {
        servers.add(options.getServer().toString());
        return delegate.open(options);
    }
}
