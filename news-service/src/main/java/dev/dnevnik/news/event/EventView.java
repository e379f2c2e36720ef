package dev.dnevnik.news.event;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event as clients see it. */
@Schema(description = "An event")
public record EventView(UUID id, String title, String description, String location, String city, String category,
        String url, Instant startsAt, Instant endsAt, String timeZone, boolean allDay,
        @Schema(description = "The iCalendar UID when imported") String uid,
        @Schema(description = "Which occurrence of a recurring imported event") String recurrenceId,
        @Schema(description = "The iCalendar feed it was imported from") String sourceUrl,
        Instant createdAt, Instant updatedAt) {
}
