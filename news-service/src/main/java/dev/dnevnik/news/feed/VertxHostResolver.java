package dev.dnevnik.news.feed;

import java.net.InetAddress;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/** The system resolver ({@link InetAddress#getAllByName}), which may block: it runs on a Vert.x worker thread. */
@ApplicationScoped
public class VertxHostResolver implements HostResolver {

    private final Vertx vertx;

    @Inject
    public VertxHostResolver(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        // unordered: resolutions of different feeds need not wait for one another
        return vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }
}
