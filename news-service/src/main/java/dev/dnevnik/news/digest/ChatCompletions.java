package dev.dnevnik.news.digest;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.upstream.UpstreamGuard;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The chat-completions API that writes digests: its package-private REST client behind its {@link UpstreamGuard} (a
 * bulkhead capping calls in flight with a bounded queue, a timeout per attempt, retries with backoff for connection
 * failures, 5xx and 429 that wait as long as a 429's {@code retry-after} asks, a circuit breaker that stops calling an
 * API that keeps failing). Without an API key it is not configured: {@link #isConfigured()} says so and no client is
 * built. Started eagerly so that its gauges and its one log line (model and host, never the key) come at start.
 */
@Startup
@ApplicationScoped
public class ChatCompletions {

    private static final Logger LOG = Logger.getLogger(ChatCompletions.class);
    static final String UPSTREAM = "llm";

    private final String model;
    private final double temperature;
    private final String authorization;
    private final ChatCompletionsApi api;
    private final UpstreamGuard guard;
    private final LlmMetrics metrics;

    public ChatCompletions(LlmConfig config, LlmMetrics metrics) {
        this.metrics = metrics;
        this.model = config.model();
        this.temperature = config.temperature();
        String key = config.apiKey().map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        String baseUrl = config.baseUrl() == null ? "" : config.baseUrl().strip();
        metrics.register();
        if (key == null || baseUrl.isEmpty()) {
            this.authorization = null;
            this.api = null;
            this.guard = null;
            LOG.info("No chat-completions API key (LLM_API_KEY / GROQ_API_KEY unset): digests are extractive");
            return;
        }
        this.authorization = "Bearer " + key;
        long timeoutMillis = config.timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(Math.min(10_000, timeoutMillis), TimeUnit.MILLISECONDS)
                // a backstop only: the guard's timeout below ends the call first
                .readTimeout(timeoutMillis + 5_000, TimeUnit.MILLISECONDS)
                // every call the bulkhead admits must get a connection at once, or they would queue twice
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.maxConcurrent())
                .property(QuarkusRestClientProperties.NAME, UPSTREAM)
                .build(ChatCompletionsApi.class);
        this.guard = UpstreamGuard.builder(UPSTREAM, config)
                .retryWhen(OpenAiFailure::isRetryable)
                .retryAfter(OpenAiFailure::retryAfter)
                .onRetry(metrics::retried)
                .countAgainstUpstreamWhen(OpenAiFailure::countsAgainstUpstream)
                .onCircuitChange(metrics::circuitChanged)
                .timeoutPerAttempt()
                .bulkhead(config.maxConcurrent(), config.queueSize(), metrics::rejectedByBulkhead)
                .build();
        // model and host only: the key is never logged
        LOG.infof("Digests by chat completions: model %s at %s", model, URI.create(baseUrl).getHost());
    }

    public boolean isConfigured() {
        return api != null;
    }

    /** The model that writes digests (the digest's engine). */
    public String model() {
        return model;
    }

    /**
     * The model's answer to {@code messages}: the first choice's content, never blank. Fails with the guard's or the
     * API's failure (see {@link OpenAiFailure#of(Throwable)}), or at once when not configured. The result is
     * delivered on the caller's Vert.x context (retries and timeouts run on timers), so the caller can go on to use
     * the database.
     */
    public Uni<String> complete(List<ChatMessage> messages, int maxCompletionTokens) {
        if (!isConfigured()) {
            return Uni.createFrom().failure(new IllegalStateException("no chat-completions API configured"));
        }
        ChatCompletionsApi.Request request = new ChatCompletionsApi.Request(model, List.copyOf(messages), temperature,
                maxCompletionTokens);
        Uni<String> answer = guard.call(() -> attempt(request))
                .onItemOrFailure().invoke((content, failure) -> metrics.call(
                        failure == null ? "success" : OpenAiFailure.of(failure).outcome()));
        Context caller = Vertx.currentContext();
        if (caller != null) {
            answer = answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return answer;
    }

    /** One attempt; the guard calls this again for every retry, so each attempt sends a fresh request. */
    private Uni<String> attempt(ChatCompletionsApi.Request request) {
        long start = System.nanoTime();
        metrics.attemptStarted();
        return api.complete(authorization, request)
                .map(ChatCompletions::contentOf)
                .onItemOrFailure().invoke((item, failure) -> metrics.attemptEnded(start,
                        failure == null ? "success" : OpenAiFailure.of(failure).outcome()))
                .onCancellation().invoke(() -> metrics.attemptEnded(start, "cancelled"));
    }

    private static String contentOf(ChatCompletionsApi.Answer answer) {
        String content = answer == null ? null : answer.content();
        if (content == null || content.isBlank()) {
            throw new OpenAiFailure.EmptyAnswer("the answer had no content");
        }
        return content;
    }
}
