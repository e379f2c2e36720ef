package dev.dnevnik.news.news;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A news item as clients see it. */
@Schema(description = "A news item from a feed")
public record NewsView(UUID id, UUID feedId, @Schema(example = "technology") String category,
        @Schema(example = "uk") String language, String title,
        @Schema(description = "Plain text: the feed's HTML sanitised") String summary,
        @Schema(description = "Absolute link to the article") String link,
        @Schema(description = "When the feed says it was published; when it does not, when it was first seen") Instant publishedAt,
        Instant firstSeenAt) {
}
