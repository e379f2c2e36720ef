package dev.dnevnik.sync.run;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.vertx.core.json.JsonObject;

/** What a run did: fetched, retried, and changed in the mirror. */
@Schema(description = "A run's figures so far")
public record RunStats(
        @Schema(description = "Items the upstream announced") Long total,
        @Schema(description = "Pages to fetch") Long pages,
        Long pagesDone,
        @Schema(description = "Items received (repeats included)") Long items,
        @Schema(description = "Page requests sent again") Long retries,
        Long added, Long updated, Long unchanged, Long deleted,
        Long durationMs, Double itemsPerSecond) {

    static RunStats of(JsonObject stats) {
        return new RunStats(stats.getLong("total"), stats.getLong("pages"), stats.getLong("pagesDone"),
                stats.getLong("items"), stats.getLong("retries"), stats.getLong("added"), stats.getLong("updated"),
                stats.getLong("unchanged"), stats.getLong("deleted"), stats.getLong("durationMs"),
                stats.getDouble("itemsPerSecond"));
    }
}
