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
        @Schema(description = "news-service: today's news (in the client's Time-Zone) counted per category, in the "
                + "subscribed categories, or in all when the user subscribed to none (subscribedOnly false); as "
                + "GET /api/news/stats?date=<today> answers",
                examples = "{\"date\":\"2026-11-24\",\"timeZone\":\"Europe/Kyiv\",\"subscribedOnly\":true,"
                        + "\"total\":12,\"categories\":[{\"category\":\"technology\",\"name\":{\"en\":"
                        + "\"Technology\",\"ru\":\"Технологии\",\"uk\":\"Технології\"},\"count\":7}]}")
        JsonNode newsToday,
        @Schema(description = "news-service: the user's latest digest, whatever its status, as "
                + "GET /api/digests/latest answers; null (and not degraded) when the user has no digest yet")
        JsonNode latestDigest,
        @Schema(description = "sync-service, operators only: the last sync runs")
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode syncRuns,
        @Schema(description = "Parts missing from this answer and why") List<Degraded> degraded) {

    public record Degraded(
            @Schema(examples = "newsToday") String part,
            @Schema(examples = "news-service did not answer in time") String reason) {
    }
}
