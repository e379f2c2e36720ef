package dev.dnevnik.news.feed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.dnevnik.common.problem.ProblemException;

/** What an operator-supplied URL to fetch (a feed, an iCalendar feed) must look like before it is stored. */
public final class FetchUrls {

    private FetchUrls() {
    }

    /**
     * The URL, stripped, if it is an absolute http(s) URL with a host and without credentials (secrets do not belong
     * in stored URLs); its address is checked when it is fetched.
     *
     * @throws ProblemException 400 naming the field otherwise
     */
    public static String requireHttp(String field, String text) {
        String url = text.strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw ProblemException.validation(field, "must be an http or https URL");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw ProblemException.validation(field, "must be an absolute URL naming a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw ProblemException.validation(field, "must not carry credentials");
            }
            return url;
        } catch (URISyntaxException e) {
            throw ProblemException.validation(field, "is not a valid URL");
        }
    }
}
