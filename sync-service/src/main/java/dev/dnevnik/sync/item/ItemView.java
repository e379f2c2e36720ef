package dev.dnevnik.sync.item;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A mirrored item: the upstream's id and JSON, and when it was first seen, last seen and last changed. */
@Schema(description = "A mirrored item")
public record ItemView(@Schema(description = "The upstream's id of the item") String id,
        @Schema(description = "The item as the upstream sent it") Object data,
        Instant firstSeenAt, Instant lastSeenAt, Instant lastChangedAt, @JsonIgnore long seq) {
}
