package dev.dnevnik.sync.source;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A source as the API shows it: its id, its spec with every default filled in, and when it next runs. */
@Schema(description = "A source with its id; the spec's fields are inline")
public record SourceView(UUID id, @JsonUnwrapped SourceSpec spec,
        @Schema(description = "When the schedule runs it next; absent without a schedule") Instant nextRunAt,
        Instant createdAt, Instant updatedAt) {
}
