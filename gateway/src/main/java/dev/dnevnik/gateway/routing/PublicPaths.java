package dev.dnevnik.gateway.routing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the addresses a service puts in its answers ({@code /entries/42}, or {@code http://diary:8082/entries/42})
 * into the public ones clients must use ({@code /api/entries/42}): services are never reachable from outside, so a
 * link to their own host would be useless to a client.
 */
final class PublicPaths {

    private static final Pattern LINK_TARGET = Pattern.compile("<([^>]*)>");

    private PublicPaths() {
    }

    static String rewriteLocation(String location) {
        URI uri;
        try {
            uri = new URI(location.strip());
        } catch (URISyntaxException e) {
            return location;
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || !path.startsWith("/")) {
            // a relative reference like "42" resolves correctly against the public URL already
            return location;
        }
        if (!path.equals(Route.API) && !path.startsWith(Route.API + "/")) {
            path = Route.API + path;
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    static String rewriteLinks(String header) {
        Matcher target = LINK_TARGET.matcher(header);
        StringBuilder rewritten = new StringBuilder();
        while (target.find()) {
            target.appendReplacement(rewritten, Matcher.quoteReplacement("<" + rewriteLocation(target.group(1)) + ">"));
        }
        target.appendTail(rewritten);
        return rewritten.toString();
    }
}
