package dev.dnevnik.news.feed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;

/** A resolver answering from a table: no DNS query ever leaves the test. */
final class StubResolver implements HostResolver {

    private final Map<String, List<InetAddress>> table = new ConcurrentHashMap<>();

    StubResolver map(String host, String... addresses) {
        List<InetAddress> resolved = new ArrayList<>();
        for (String address : addresses) {
            try {
                resolved.add(InetAddress.getByName(address)); // literals only: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }
        table.put(host, resolved);
        return this;
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        List<InetAddress> addresses = table.get(host);
        return addresses == null
                ? Uni.createFrom().failure(new UnknownHostException(host))
                : Uni.createFrom().item(addresses);
    }
}
