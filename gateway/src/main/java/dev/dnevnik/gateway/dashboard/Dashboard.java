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
        @Schema(description = "sync-service, operators only (absent for anyone else): the latest sync runs, the "
                + "items of GET /api/sync/runs?limit=5 as sync-service answers them; each run has its source, its "
                + "status (queued, running, succeeded, failed, cancelled), timestamps, stats and failure",
                examples = "[{\"id\":\"0193f1d2-7c1a-7b7e-9d3c-2a1b0c9d8e7f\",\"sourceId\":"
                        + "\"0193f1d2-0000-7000-8000-000000000001\",\"sourceName\":\"Partner feed\","
                        + "\"status\":\"succeeded\",\"createdAt\":\"2026-11-24T06:00:00Z\","
                        + "\"startedAt\":\"2026-11-24T06:00:01Z\",\"finishedAt\":\"2026-11-24T06:00:09Z\","
                        + "\"stats\":{\"total\":120,\"pages\":3,\"pagesDone\":3,\"items\":120,\"retries\":0,"
                        + "\"added\":7,\"updated\":2,\"unchanged\":111,\"deleted\":0,\"durationMs\":8000,"
                        + "\"itemsPerSecond\":15.0},\"failure\":null}]")
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode syncRuns,
        @Schema(description = "Parts missing from this answer and why") List<Degraded> degraded) {

    public record Degraded(
            @Schema(examples = "newsToday") String part,
            @Schema(examples = "news-service did not answer in time") String reason) {
    }
}
