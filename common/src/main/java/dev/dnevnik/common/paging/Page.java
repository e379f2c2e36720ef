package dev.dnevnik.common.paging;

import java.net.URI;
import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a keyset-paged list, the same in every service: the items, the opaque cursor after the last of them,
 * and the relative link to the next page (also sent as {@code Link: <...>; rel="next"}). The link is the same request
 * with only the cursor replaced, relative so that it stays right behind the gateway's path rewriting.
 */
@RegisterForReflection
@Schema(description = "A page of a list; follow next (or the Link header) until it is absent")
public record Page<T>(
        List<T> items,
        @Schema(description = "Opaque cursor for the next page; absent on the last page") String nextCursor,
        @Schema(description = "Relative link to the next page with the same filters; absent on the last page")
        String next) {

    /**
     * The page made of rows read with {@link PageRequest#fetchSize()}: a row beyond the limit only tells that another
     * page follows, and the last item shown names where it starts.
     *
     * @param cursorOf the cursor of an item, {@code KeysetCursor.encode} of its sort keys
     */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, String> cursorOf, UriInfo uri) {
        if (fetched.size() <= request.limit()) {
            return new Page<>(List.copyOf(fetched), null, null);
        }
        List<T> items = List.copyOf(fetched.subList(0, request.limit()));
        String cursor = cursorOf.apply(items.get(items.size() - 1));
        URI next = uri.getRequestUriBuilder().replaceQueryParam("cursor", cursor).build();
        return new Page<>(items, cursor, next.getRawQuery() == null ? next.getRawPath()
                : next.getRawPath() + "?" + next.getRawQuery());
    }

    /** 200 with the page, plus the Link header when there is a next page. */
    public RestResponse<Page<T>> toResponse() {
        RestResponse.ResponseBuilder<Page<T>> response = RestResponse.ResponseBuilder.ok(this);
        if (next != null) {
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }
}
