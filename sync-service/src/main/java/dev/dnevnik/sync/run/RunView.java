package dev.dnevnik.sync.run;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A sync run as clients see it; its events stream at {@code /sync/runs/{id}/events}. */
@Schema(description = "A run of a source: a job fetching every page, applied only when complete")
public record RunView(UUID id, UUID sourceId, String sourceName,
        @Schema(enumeration = { "queued", "running", "succeeded", "failed", "cancelled" }) String status,
        Instant createdAt, Instant startedAt, Instant finishedAt, RunStats stats,
        @Schema(description = "Why the run failed (nothing was applied unless the source is upsert-only)") String failure) {
}
