package dev.dnevnik.news.feed;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.dnevnik.news.feed.FeedFetchException.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Fetches feeds and iCalendar feeds the way careful feed readers do, without blocking: conditional GET
 * ({@code If-None-Match}, {@code If-Modified-Since}), compression, redirects followed by hand (at most
 * {@code max-redirects}, each re-checked), the SSRF guard applied to the very address connected to (resolve, check,
 * connect to that IP with the name kept for Host and TLS), a body capped raw and after decompression, one deadline
 * for the whole fetch, and the server's refresh hints collected. Failures are {@link FeedFetchException}s with a
 * short reason.
 * <p>
 * No {@link dev.dnevnik.upstream.UpstreamGuard} here: each feed host is its own upstream and a feed refresh is never
 * retried within its job ({@code max-attempts=1}); a failing feed backs off through {@link RefreshSchedule} instead.
 */
@ApplicationScoped
public class FeedFetcher {

    /** What the fetched document is expected to be: decides the Accept header. */
    public enum Format {
        FEED("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, "
                + "text/xml;q=0.8, */*;q=0.1"),
        ICALENDAR("text/calendar, application/ics;q=0.9, text/plain;q=0.5, */*;q=0.1");

        private final String accept;

        Format(String accept) {
            this.accept = accept;
        }

        public String accept() {
            return accept;
        }
    }

    private static final long DISCARDED_BODY_LIMIT = 64 * 1024;

    private final FeedsConfig config;
    private final HostResolver resolver;
    private final HttpConnector connector;
    private final AddressGuard guard;
    private final Clock clock;
    private final VertxHttpConnector owned;

    @Inject
    public FeedFetcher(Vertx vertx, FeedsConfig config, HostResolver resolver) {
        this(config, resolver, new VertxHttpConnector(vertx, config), Clock.systemUTC());
    }

    /** With another connector (tests count connection attempts through it). */
    public FeedFetcher(FeedsConfig config, HostResolver resolver, HttpConnector connector, Clock clock) {
        this.config = config;
        this.resolver = resolver;
        this.connector = connector;
        this.guard = AddressGuard.of(config);
        this.clock = clock;
        this.owned = connector instanceof VertxHttpConnector vertx ? vertx : null;
    }

    @PreDestroy
    void close() {
        if (owned != null) {
            owned.close().subscribe().with(done -> {
            }, failure -> {
            });
        }
    }

    /** A feed (RSS, Atom); {@code etag} and {@code lastModified} are last time's validators, or null. */
    public Uni<FetchResult> fetch(URI url, String etag, String lastModified) {
        return fetch(url, etag, lastModified, Format.FEED);
    }

    public Uni<FetchResult> fetch(URI url, String etag, String lastModified, Format format) {
        Duration timeout = config.requestTimeout();
        return Uni.createFrom().deferred(() -> {
            Exchange exchange = new Exchange(etag, lastModified, format);
            // the deadline fires on a timer thread: the outcome is handed back to the caller's Vert.x context (where
            // Hibernate Reactive and the rest of a job's chain must continue)
            Context caller = io.vertx.core.Vertx.currentContext();
            Uni<FetchResult> fetch = Uni.createFrom().deferred(() -> hop(exchange, url, 0, true))
                    .ifNoItem().after(timeout)
                    .failWith(() -> new FeedFetchException(Kind.TIMEOUT, "timed out after " + duration(timeout)))
                    .onFailure(failure -> !(failure instanceof FeedFetchException))
                    .transform(FeedFetcher::describe)
                    .onTermination().invoke((result, failure, cancelled) -> {
                        if (failure != null || cancelled) {
                            exchange.abort();
                        }
                    });
            return caller == null ? fetch : fetch.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /** One request of the fetch: the URL given, or a redirect's target. */
    private Uni<FetchResult> hop(Exchange exchange, URI url, int redirects, boolean permanentSoFar) {
        AddressGuard.checkUrl(url);
        String host = bare(url.getHost());
        return resolver.resolve(host)
                .onFailure(UnknownHostException.class)
                .transform(unknown -> new FeedFetchException(Kind.CONNECTION, "unknown host " + host))
                .map(guard::pick)
                .flatMap(address -> send(exchange, url, host, address))
                .flatMap(response -> answer(exchange, url, response, redirects, permanentSoFar));
    }

    private Uni<HttpClientResponse> send(Exchange exchange, URI url, String host, InetAddress address) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setFollowRedirects(false)
                .setURI(path)
                .putHeader("Accept", exchange.format.accept())
                .putHeader("Accept-Encoding", "gzip, deflate")
                .putHeader("User-Agent", config.userAgent());
        if (exchange.etag != null && !exchange.etag.isBlank()) {
            options.putHeader("If-None-Match", exchange.etag);
        }
        if (exchange.lastModified != null && !exchange.lastModified.isBlank()) {
            options.putHeader("If-Modified-Since", exchange.lastModified);
        }
        return connector.open(options).flatMap(request -> {
            exchange.current.set(request);
            return request.send();
        });
    }

    private Uni<FetchResult> answer(Exchange exchange, URI url, HttpClientResponse response, int redirects,
            boolean permanentSoFar) {
        int status = response.statusCode();
        HttpHints hints = HttpHints.from(response::getHeader, clock.instant());
        if (isRedirect(status)) {
            discard(response);
            String location = response.getHeader("Location");
            if (location == null || location.isBlank()) {
                return Uni.createFrom().failure(new FeedFetchException(Kind.HTTP_STATUS,
                        "HTTP " + status + " without a Location", status, null));
            }
            if (redirects >= config.maxRedirects()) {
                return Uni.createFrom().failure(new FeedFetchException(Kind.TOO_MANY_REDIRECTS,
                        "too many redirects (more than " + config.maxRedirects() + ")", status, null));
            }
            URI next = resolveLocation(url, location.strip());
            return hop(exchange, next, redirects + 1, permanentSoFar && (status == 301 || status == 308));
        }
        String etag = response.getHeader("ETag");
        String lastModified = response.getHeader("Last-Modified");
        if (status == 304) {
            discard(response);
            return Uni.createFrom().item(new FetchResult(304, url, permanentSoFar && redirects > 0, null,
                    null, etag != null ? etag : exchange.etag,
                    lastModified != null ? lastModified : exchange.lastModified,
                    hints.maxAge(), hints.expiresIn(), hints.retryAfter()));
        }
        if (status < 200 || status > 299) {
            discard(response);
            return Uni.createFrom().failure(new FeedFetchException(Kind.HTTP_STATUS, "HTTP " + status, status,
                    hints.retryAfter()));
        }
        return readBody(response).map(body -> new FetchResult(status, url, permanentSoFar && redirects > 0, body,
                response.getHeader("Content-Type"), etag, lastModified, hints.maxAge(), hints.expiresIn(),
                hints.retryAfter()));
    }

    /** The body, decompressed and capped, stopping the download the moment it crosses the cap. */
    private Uni<byte[]> readBody(HttpClientResponse response) {
        long limit = config.maxBodySize().asLongValue();
        return Uni.createFrom().emitter(emitter -> {
            BoundedBody body;
            try {
                body = new BoundedBody(response.getHeader("Content-Encoding"), limit);
                String length = response.getHeader("Content-Length");
                if (length != null && length.strip().matches("\\d{1,18}")) {
                    body.checkAnnounced(Long.parseLong(length.strip()));
                }
            } catch (FeedFetchException refused) {
                response.request().reset();
                emitter.fail(refused);
                return;
            }
            boolean[] done = { false };
            response.handler(chunk -> {
                if (done[0]) {
                    return;
                }
                try {
                    body.accept(chunk.getBytes());
                } catch (FeedFetchException refused) {
                    done[0] = true;
                    body.end();
                    response.request().reset();
                    emitter.fail(refused);
                }
            });
            response.exceptionHandler(failure -> {
                if (!done[0]) {
                    done[0] = true;
                    body.end();
                    emitter.fail(failure);
                }
            });
            response.endHandler(() -> {
                if (!done[0]) {
                    done[0] = true;
                    try {
                        emitter.complete(body.finish());
                    } catch (FeedFetchException bad) {
                        emitter.fail(bad);
                    }
                }
            });
            emitter.onTermination(() -> {
                if (!done[0]) { // cancelled (the deadline passed): stop downloading
                    done[0] = true;
                    body.end();
                    response.request().reset();
                }
            });
        });
    }

    /**
     * A response whose body is not wanted (a redirect, a 304, an error page): a small one is read and dropped, so the
     * connection can serve the next request; a large one closes the connection.
     */
    private static void discard(HttpClientResponse response) {
        long[] seen = { 0 };
        response.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > DISCARDED_BODY_LIMIT) {
                response.request().reset();
            }
        });
        response.exceptionHandler(ignored -> {
        });
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolveLocation(URI base, String location) {
        try {
            URI target = base.resolve(new URI(FeedUrls.encodeLeniently(location)));
            if (target.getRawFragment() != null) {
                String text = target.toString();
                target = new URI(text.substring(0, text.indexOf('#')));
            }
            return target; // its scheme and host are checked like the first URL's
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FeedFetchException(Kind.INVALID_URL, "invalid redirect location");
        }
    }

    /** A failure from below (connection, TLS, Vert.x) as a short reason. */
    private static Throwable describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof FeedFetchException known) {
                return known;
            }
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return new FeedFetchException(Kind.TIMEOUT, "connection timed out");
            }
            if (cause instanceof TimeoutException) {
                return new FeedFetchException(Kind.TIMEOUT, "timed out");
            }
            if (cause instanceof ConnectException) {
                return new FeedFetchException(Kind.CONNECTION, "connection refused");
            }
            if (cause instanceof UnknownHostException) {
                return new FeedFetchException(Kind.CONNECTION, "unknown host");
            }
            if (cause instanceof SSLException ssl) {
                return new FeedFetchException(Kind.CONNECTION, "TLS failed: " + shorten(ssl.getMessage()));
            }
            if (cause instanceof HttpClosedException) {
                return new FeedFetchException(Kind.CONNECTION, "connection closed by the server");
            }
        }
        return new FeedFetchException(Kind.CONNECTION, "connection failed: " + shorten(failure.getMessage()));
    }

    private static String shorten(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String oneLine = message.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    /** An IPv6 literal's host without its brackets. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** 30s, 1500ms, 2m. */
    static String duration(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** One fetch's state across its hops. */
    private static final class Exchange {
        final String etag;
        final String lastModified;
        final Format format;
        final AtomicReference<HttpClientRequest> current = new AtomicReference<>();

        Exchange(String etag, String lastModified, Format format) {
            this.etag = etag;
            this.lastModified = lastModified;
            this.format = format;
        }

        void abort() {
            HttpClientRequest request = current.get();
            if (request != null) {
                request.reset();
            }
        }
    }
}
