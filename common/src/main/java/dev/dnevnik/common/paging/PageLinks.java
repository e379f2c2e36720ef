package dev.dnevnik.common.paging;

import java.net.URI;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Links between keyset pages: the next page is the same request with the cursor replaced, given as a relative link
 * (so it stays right behind the gateway's path rewriting) in the body and as {@code Link: <...>; rel="next"}.
 */
public final class PageLinks {

    private PageLinks() {
    }

    /** The relative link to the page after {@code cursor}, or null when there is no next page. */
    public static String next(UriInfo uri, String cursor) {
        if (cursor == null) {
            return null;
        }
        URI next = uri.getRequestUriBuilder().replaceQueryParam("cursor", cursor).build();
        return next.getRawQuery() == null ? next.getRawPath() : next.getRawPath() + "?" + next.getRawQuery();
    }

    /** 200 with the page, plus the Link header when there is a next page. */
    public static Response ok(Object page, String nextLink) {
        Response.ResponseBuilder response = Response.ok(page);
        if (nextLink != null) {
            response.header(HttpHeaders.LINK, "<" + nextLink + ">; rel=\"next\"");
        }
        return response.build();
    }
}
