package dev.dnevnik.invalidrequests;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers the requests that never reach a route with problem+json instead of an empty body. Two kinds exist:
 * <ul>
 * <li>requests Netty's HTTP decoder refuses (a request line over {@code quarkus.http.limits.max-initial-line-length}:
 * 414; headers over {@code max-header-size}: 431; anything that is not HTTP: 400). Vert.x hands them to the server's
 * invalid-request handler, which Quarkus leaves at Vert.x' default (an empty answer);</li>
 * <li>request targets that are not a valid ASCII URI, e.g. unencoded UTF-8 ({@code ?q=гулять} as curl sends it
 * without {@code --data-urlencode}): Quarkus' root handler answers them with an empty 400 before any route.</li>
 * </ul>
 * Quarkus offers no hook for either, so the extension's build step weaves two calls into the verticle that creates
 * the HTTP servers: {@link #install} on each new server and {@link #checkingTheTarget} around its request handler.
 * The connection is closed after a decoder failure (Vert.x does so anyway) and after a refused request that may carry
 * a body that will not be read.
 */
public final class InvalidRequests {

    /** The same base as every other problem type of the platform (common's {@code ProblemType}). */
    static final String PROBLEM_BASE = "https://dnevnik.dev/problems/";
    static final String REQUEST_ID = "X-Request-Id";

    private static final Logger LOG = Logger.getLogger(InvalidRequests.class);

    private InvalidRequests() {
    }

    /** Replaces Vert.x' default invalid-request handler (an empty 400, 414 or 431) on a new server. */
    public static HttpServer install(HttpServer server) {
        return server.invalidRequestHandler(InvalidRequests::refuseUndecodable);
    }

    /** Refuses a request target that is not a valid ASCII URI before the server's own handler sees it. */
    public static Handler<HttpServerRequest> checkingTheTarget(Handler<HttpServerRequest> next) {
        return request -> {
            if (isValidTarget(request.uri())) {
                next.handle(request);
                return;
            }
            boolean mayHaveBody = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                    || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
            respond(request, 400, "malformed-request", "Malformed request",
                    "The request target is not a valid URI: percent-encode non-ASCII and reserved characters "
                            + "(with curl: -G --data-urlencode 'q=...')",
                    mayHaveBody);
        };
    }

    static void refuseUndecodable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        LOG.debugf("Refused a request the HTTP decoder could not read: %s", cause);
        if (cause instanceof TooLongHttpLineException) {
            respond(request, 414, "uri-too-long", "URI too long",
                    "The request line is longer than this service accepts; send long input in a request body", true);
        } else if (cause instanceof TooLongHttpHeaderException) {
            respond(request, 431, "headers-too-large", "Request header fields too large",
                    "The request headers are larger than this service accepts", true);
        } else {
            respond(request, 400, "malformed-request", "Malformed request", "The request is not valid HTTP", true);
        }
    }

    /** RFC 9112: a request target is ASCII; percent-encoding carries everything else. */
    static boolean isValidTarget(String target) {
        if (target == null) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void respond(HttpServerRequest request, int status, String type, String title, String detail,
            boolean close) {
        String requestId = UUID.randomUUID().toString();
        JsonObject problem = new JsonObject()
                .put("type", PROBLEM_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("requestId", requestId);
        var response = request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(REQUEST_ID, requestId);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        response.end(problem.encode());
    }
}
