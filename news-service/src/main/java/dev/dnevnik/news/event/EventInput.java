package dev.dnevnik.news.event;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event as an operator creates or replaces it. */
@Schema(description = "An event")
public record EventInput(
        @NotBlank @Size(max = 300) @Schema(example = "Kyiv Book Arsenal") String title,
        @Size(max = 5000) String description,
        @Size(max = 300) @Schema(example = "Mystetskyi Arsenal, Lavrska 10-12") String location,
        @Size(max = 100) @Schema(example = "Kyiv") String city,
        @NotBlank @Size(max = 50) @Schema(example = "books") String category,
        @Size(max = 2000) @Schema(description = "An http(s) link about the event") String url,
        @NotNull Instant startsAt,
        Instant endsAt,
        @Size(max = 64) @Schema(example = "Europe/Kyiv", description = "The IANA zone the event's local times are in") String timeZone,
        Boolean allDay) {
}
