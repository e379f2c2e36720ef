package dev.dnevnik.news.digest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A digest as its owner sees it: the request, its status and, once written, the text and its references. */
@Schema(description = "A news digest")
public record DigestView(UUID id,
        @Schema(enumeration = { "queued", "running", "succeeded", "failed", "cancelled" }) String status,
        DigestOptions options,
        @Schema(description = "Who wrote it: the chat model's name, or extractive", example = "extractive") String engine,
        @Schema(description = "The digest's text; it cites items as [n]") String content,
        @Schema(description = "The items cited, by number") List<Citation> items,
        @Schema(description = "Why it failed") String failure,
        Instant createdAt, Instant completedAt) {
}
