package dev.dnevnik.common.http;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.dnevnik.common.problem.ProblemResponses;
import dev.dnevnik.common.problem.ProblemType;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Hands a body {@link ChunkedBodyLimit} read ahead to the REST layer, so that it is not read again: a buffered body
 * becomes the entity stream (as it is: the REST layer's own copy of a buffered body larger than
 * {@code quarkus.rest.input-buffer-size} would hand the deserializer zeros). A form's files and fields are taken from
 * the routing context by the REST layer itself; a form with no part at all is refused here, as the REST layer would
 * wait for it forever.
 */
public class ReadAheadBody {

    @ServerRequestFilter(preMatching = true)
    public void useTheBodyReadAhead(ContainerRequestContext request, RoutingContext context) {
        if (!context.body().available()) {
            return;
        }
        if (context.request().isExpectMultipart()) {
            if (context.fileUploads().isEmpty() && context.request().formAttributes().isEmpty()) {
                request.abortWith(ProblemResponses.of(ProblemType.MALFORMED_REQUEST, "The form has no parts",
                        context.request().path()));
            }
            return;
        }
        Buffer body = context.body().buffer();
        if (body != null) {
            request.setEntityStream(new ByteBufInputStream(body.getByteBuf()));
        }
    }
}
