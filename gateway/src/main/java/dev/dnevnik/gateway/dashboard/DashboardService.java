package dev.dnevnik.gateway.dashboard;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dnevnik.common.request.RequestId;
import dev.dnevnik.gateway.client.Diary;
import dev.dnevnik.gateway.client.DownstreamProblems;
import dev.dnevnik.gateway.client.Downstreams;
import dev.dnevnik.gateway.client.News;
import dev.dnevnik.gateway.client.Sync;
import dev.dnevnik.gateway.client.Transcriptions;
import dev.dnevnik.gateway.config.GatewayConfig;
import dev.dnevnik.gateway.routing.Route;
import io.smallrye.mutiny.Uni;

/**
 * Fetches every part of the dashboard at the same time, each within its own deadline: the answer takes as long as
 * the slowest part that answers in time, and a part that fails or is late is left out and named under
 * {@code degraded} instead of failing the whole screen.
 */
@ApplicationScoped
public class DashboardService {

    private static final int STATS_DAYS = 30;
    private static final int TRANSCRIPTION_DAYS = 7;
    private static final int SYNC_RUNS = 5;

    private final Diary diary;
    private final Transcriptions transcriptions;
    private final News news;
    private final Sync sync;
    private final Downstreams services;
    private final Duration partTimeout;

    public DashboardService(Diary diary, Transcriptions transcriptions, News news, Sync sync,
            Downstreams services, GatewayConfig config) {
        this.diary = diary;
        this.transcriptions = transcriptions;
        this.news = news;
        this.sync = sync;
        this.services = services;
        this.partTimeout = config.dashboard().partTimeout();
    }

    private record Part(String name, JsonNode value, String failure) {
    }

    public Uni<Dashboard> load(String bearerToken, boolean admin, ZoneId zone) {
        String authorization = "Bearer " + bearerToken;
        String requestId = (String) MDC.get(RequestId.MDC_KEY);
        LocalDate today = LocalDate.now(zone);
        Uni<Part> stats = part("entryStats", "diary", () -> diary.stats(authorization, requestId, zone.getId(),
                today.minusDays(STATS_DAYS - 1).toString(), today.toString()));
        Uni<Part> recent = part("recentTranscriptions", "transcription",
                () -> transcriptions.stats(authorization, requestId, TRANSCRIPTION_DAYS));
        Uni<Part> newsCounts = part("newsToday", "news",
                () -> news.stats(authorization, requestId, zone.getId(), today.toString()));
        // null when the user has no digest yet: that is an answer, not a degraded part
        Uni<Part> digest = part("latestDigest", "news", () -> news.latestDigest(authorization, requestId));
        // operators only: for anyone else the part is not asked for, and absent from the answer
        Uni<Part> runs = admin
                ? part("syncRuns", "sync", () -> sync.latestRuns(authorization, requestId, SYNC_RUNS))
                : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(stats, recent, newsCounts, digest, runs).asTuple().map(fetched -> {
            Part entryStats = fetched.getItem1();
            Part recentTranscriptions = fetched.getItem2();
            Part newsToday = fetched.getItem3();
            Part latestDigest = fetched.getItem4();
            Part syncRuns = fetched.getItem5();
            List<Dashboard.Degraded> degraded = Stream
                    .of(entryStats, recentTranscriptions, newsToday, latestDigest, syncRuns)
                    .filter(part -> part != null && part.failure() != null)
                    .map(part -> new Dashboard.Degraded(part.name(), part.failure()))
                    .toList();
            return new Dashboard(entryStats.value(), recentTranscriptions.value(), newsToday.value(),
                    latestDigest.value(), syncRuns == null ? null : syncRuns.value(), degraded);
        });
    }

    private Uni<Part> part(String name, String service, Supplier<Uni<JsonNode>> fetch) {
        String module = Route.moduleOf(service);
        if (!services.isDeployed(service)) {
            return Uni.createFrom().item(new Part(name, null, module + " is not deployed"));
        }
        return Uni.createFrom().<JsonNode> deferred(fetch::get)
                .ifNoItem().after(partTimeout).fail()
                .map(value -> new Part(name, value, null))
                .onFailure().recoverWithItem(failure -> new Part(name, null, DownstreamProblems.reason(module, failure)));
    }
}
