package dev.dnevnik.sync.source;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the Yelp partner API answers (and optionally what to call the source). */
@Schema(description = "The base URL of the Yelp partner API, and optionally the source's name")
public record YelpExample(@Schema(example = "https://partner-api.yelp.com", required = true) String baseUrl,
        @Schema(example = "Yelp partner programs") String name) {
}
