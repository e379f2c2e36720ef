package dev.dnevnik.news.feed;

import java.net.InetAddress;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Resolves a host name to its addresses without blocking the caller's thread. The fetcher checks what comes back
 * with the {@link AddressGuard} and connects to exactly that address; tests replace the resolver with a stub.
 */
public interface HostResolver {

    /** The host's addresses (an IP literal resolves to itself); fails with {@link java.net.UnknownHostException}. */
    Uni<List<InetAddress>> resolve(String host);
}
