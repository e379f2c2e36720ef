package dev.dnevnik.common.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Holds a body that does not announce its size (chunked, or HTTP/2 without a Content-Length) to its path's limit:
 * it is read ahead — a form's files to the uploads directory, anything else into memory — and the byte that crosses
 * the limit ends the request with a 413 problem ({@link HttpFailures}). Quarkus itself checks such bodies only as far
 * as its REST layer reads them, answers without a body, and can be made to read a long body to its end first.
 * {@link ReadAheadBody} hands what was read to the REST layer. Paths whose bodies stream on untouched (the gateway's
 * forwarded routes) are left alone; the service behind checks them.
 */
@ApplicationScoped
public class ChunkedBodyLimit {

    private final RequestBodyLimits limits;
    private final String uploadsDirectory;
    private final boolean deleteUploadsOnEnd;
    private final Map<Long, BodyHandler> readersByLimit = new ConcurrentHashMap<>();

    public ChunkedBodyLimit(RequestBodyLimits limits,
            @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploadsDirectory,
            @ConfigProperty(name = "quarkus.http.body.delete-uploaded-files-on-end") boolean deleteUploadsOnEnd) {
        this.limits = limits;
        this.uploadsDirectory = uploadsDirectory;
        this.deleteUploadsOnEnd = deleteUploadsOnEnd;
    }

    void register(@Observes Filters filters) {
        filters.register(this::readUnannouncedBodyAhead, FilterOrder.CHUNKED_BODY_LIMIT);
    }

    void readUnannouncedBodyAhead(RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean unannounced = !request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || request.version() == HttpVersion.HTTP_2);
        if (!unannounced || request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD
                || request.isEnded() || limits.streamsThrough(request.path())) {
            context.next();
            return;
        }
        readersByLimit.computeIfAbsent(limits.maxBytes(request.path()), limit -> BodyHandler.create(uploadsDirectory)
                .setBodyLimit(limit)
                .setDeleteUploadedFilesOnEnd(deleteUploadsOnEnd)
                .setMergeFormAttributes(false))
                .handle(context);
    }
}
