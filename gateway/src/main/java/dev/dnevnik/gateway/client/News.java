package dev.dnevnik.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * The gateway's own calls to news-service (the dashboard), under the service's guard. Both are reads, so they are
 * retried after the service failed. Failures come out as what the client is told.
 */
@ApplicationScoped
public class News {

    private static final int NOT_FOUND = 404;

    private final ServiceClient<NewsApi> news;

    public News(Downstreams downstreams) {
        this.news = ServiceClient.of(downstreams, NewsApi.SERVICE, NewsApi.class);
    }

    /** @param date the day, ISO-8601, as it is in {@code timeZone} */
    public Uni<JsonNode> stats(String authorization, String requestId, String timeZone, String date) {
        return news.call(api -> api.stats(authorization, requestId, timeZone, date));
    }

    /**
     * The caller's latest digest, or null when they have none yet: news-service's 404 here is an answer, not a
     * failure (it neither counts against the service's circuit nor is retried).
     */
    public Uni<JsonNode> latestDigest(String authorization, String requestId) {
        return news.call(api -> api.latestDigest(authorization, requestId))
                .onFailure(failure -> failure instanceof ServiceProblem answer && answer.status() == NOT_FOUND)
                .recoverWithNull();
    }
}
