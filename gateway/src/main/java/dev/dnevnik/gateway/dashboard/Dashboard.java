package dev.dnevnik.gateway.dashboard;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The app's home screen in one answer; a part whose service could not answer in time is null and listed. */
@RegisterForReflection(targets = { Dashboard.class, Dashboard.Degraded.class })
@Schema(description = "The user's home screen; parts that could not be fetched are null and listed under degraded")
public record Dashboard(
        @Schema(description = "diary-service: writing statistics of the last 30 days (GET /api/entries/stats)")
        JsonNode entryStats,
        @Schema(description = "transcription-service: transcriptions of the last 7 days")
        JsonNode recentTranscriptions,
        @Schema(description = "news-service: today's news counts in the subscribed categories")
        JsonNode newsToday,
        @Schema(description = "news-service: the latest digest")
        JsonNode latestDigest,
        @Schema(description = "sync-service, operators only: the last sync runs")
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode syncRuns,
        @Schema(description = "Parts missing from this answer and why") List<Degraded> degraded) {

    public record Degraded(
            @Schema(examples = "newsToday") String part,
            @Schema(examples = "news-service did not answer in time") String reason) {
    }
}
