package dev.dnevnik.news.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An iCalendar feed to import events from. */
@Schema(description = "An iCalendar (.ics) feed to import")
public record EventImportRequest(
        @NotBlank @Size(max = 2000) @Schema(example = "https://example.org/events.ics") String url,
        @NotBlank @Size(max = 50) @Schema(example = "events") String category,
        @Size(max = 100) @Schema(example = "Kyiv", description = "The city of the events, when the feed is about one") String city) {
}
