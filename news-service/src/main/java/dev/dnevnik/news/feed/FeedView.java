package dev.dnevnik.news.feed;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A feed and what fetching it has learned. */
@Schema(description = "A feed and its fetch state")
public record FeedView(UUID id, String url, String title, String category, String language, boolean enabled,
        @Schema(description = "The validators sent on the next fetch") String etag, String lastModified,
        Instant lastFetchedAt, Instant lastSuccessAt,
        @Schema(description = "HTTP status of the last answer") Integer lastStatus,
        @Schema(description = "Failures in a row; the feed backs off exponentially while this grows") int errorCount,
        String lastError,
        @Schema(description = "When the feed is fetched next") Instant nextCheckAt,
        Instant createdAt, Instant updatedAt) {
}
