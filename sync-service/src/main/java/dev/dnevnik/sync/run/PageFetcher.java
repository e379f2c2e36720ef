package dev.dnevnik.sync.run;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.upstream.ConnectionFailures;
import dev.dnevnik.upstream.RetryAfter;
import dev.dnevnik.sync.source.SourceSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Fetches one page of a source with the non-blocking Vert.x HTTP client: one attempt, failing with a
 * {@link PageFailure} that says whether another attempt may succeed. Clients are kept per connect timeout (a few at
 * most), each pooling keep-alive connections.
 */
@ApplicationScoped
public class PageFetcher {

    /** Bodies larger than this are refused (a page of a catalogue is kilobytes). */
    static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final Map<Long, HttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    public PageFetcher(Vertx vertx) {
        this.vertx = vertx;
    }

    /** What to send for one page: the source's base URL, path and query plus the page's own parameters. */
    record Request(String url, String authorization, Duration timeout, long connectTimeoutMs) {
    }

    static Request request(SourceSpec source, Map<String, String> pageParams, String authorization) {
        Map<String, String> query = new LinkedHashMap<>(source.query());
        query.putAll(pageParams);
        StringBuilder url = new StringBuilder(source.baseUrl()).append(source.path());
        char separator = '?';
        for (Map.Entry<String, String> param : query.entrySet()) {
            url.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return new Request(url.toString(), authorization, Duration.ofMillis(source.requestTimeoutMs()),
                source.connectTimeoutMs());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Uni<JsonObject> fetch(Request request) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(request.url())
                .setIdleTimeout(request.timeout().toMillis()).putHeader("Accept", "application/json")
                .putHeader("User-Agent", "Dnevnik-Sync/1.0");
        if (request.authorization() != null) {
            options.putHeader("Authorization", request.authorization());
        }
        return client(request.connectTimeoutMs()).request(options)
                .flatMap(sent -> sent.send())
                .flatMap(response -> {
                    String length = response.getHeader("Content-Length");
                    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_PAGE_BYTES) {
                        return Uni.createFrom().failure(PageFailure.invalid("is larger than " + MAX_PAGE_BYTES + " bytes"));
                    }
                    return response.body().map(body -> {
                        if (response.statusCode() != 200) {
                            throw PageFailure.ofStatus(response.statusCode(),
                                    RetryAfter.parse(response.getHeader("Retry-After")));
                        }
                        if (body.length() > MAX_PAGE_BYTES) {
                            throw PageFailure.invalid("is larger than " + MAX_PAGE_BYTES + " bytes");
                        }
                        try {
                            return new JsonObject(body.getDelegate());
                        } catch (DecodeException | ClassCastException e) {
                            throw PageFailure.invalid("is not a JSON object");
                        }
                    });
                })
                .ifNoItem().after(request.timeout()).failWith(() -> PageFailure.timeout(request.timeout()))
                .onFailure(failure -> !(failure instanceof PageFailure)).transform(PageFetcher::classified);
    }

    private static Throwable classified(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof io.netty.handler.timeout.TimeoutException
                || failure instanceof io.vertx.core.http.StreamResetException) {
            return PageFailure.connection("timed out or reset");
        }
        if (ConnectionFailures.isConnectionFailure(failure) || failure instanceof io.vertx.core.VertxException) {
            return PageFailure.connection(failure.getClass().getSimpleName());
        }
        return PageFailure.connection(failure.getClass().getSimpleName());
    }

    private HttpClient client(long connectTimeoutMs) {
        return clients.computeIfAbsent(connectTimeoutMs, timeout -> vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout)).setKeepAlive(true)
                .setVerifyHost(true).setTryUseCompression(true).setName("sync-" + timeout),
                new PoolOptions().setHttp1MaxSize(SourceSpec.MAX_CONCURRENCY)));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(client -> client.close().subscribe().with(ignored -> {
        }, ignored -> {
        }));
    }
}
