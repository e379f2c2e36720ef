package dev.dnevnik.news.feed;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.dnevnik.common.validation.LanguageCode;

/** A feed as an operator creates or replaces it. */
@Schema(description = "A feed to fetch")
public record FeedInput(
        @NotBlank @Size(max = 2000) @Schema(example = "https://www.pravda.com.ua/rss/") String url,
        @NotBlank @Size(max = 50) @Schema(example = "world", description = "A category slug") String category,
        @LanguageCode @Schema(example = "uk", description = "ISO 639-1 language of the feed's items") String language,
        @Size(max = 300) @Schema(description = "A display name; default: the feed's own title") String title,
        @Schema(description = "Whether the feed is fetched; default true") Boolean enabled) {
}
