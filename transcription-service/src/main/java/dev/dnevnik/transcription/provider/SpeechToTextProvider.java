package dev.dnevnik.transcription.provider;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.upstream.OpenAiApiError;
import dev.dnevnik.transcription.audio.AudioFile;
import dev.dnevnik.upstream.UpstreamGuard;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * One OpenAI-compatible speech-to-text endpoint: its package-private REST client behind its own {@link UpstreamGuard}
 * (a bulkhead capping calls in flight with a bounded queue, a timeout per call, retries with backoff for transient
 * failures that wait as long as a 429 asks, a circuit breaker that stops calling a provider that keeps failing).
 * Each provider has its own guard, so one failing provider never exhausts another's.
 */
final class SpeechToTextProvider {

    /**
     * Multipart bodies up to this size are sent in one piece with a Content-Length: some OpenAI-compatible servers
     * (small self-hosted whisper servers, some proxies) cannot read chunked bodies. Every in-memory voice note fits,
     * with room for the form fields; larger recordings are streamed from disk, chunked.
     */
    private static final int WHOLE_BODY_LIMIT = (int) AudioFile.IN_MEMORY_LIMIT + 64 * 1024;

    private final String name;
    private final String model;
    private final String authorization;
    private final SpeechToTextApi api;
    private final UpstreamGuard guard;
    private final ProviderMetrics metrics;

    SpeechToTextProvider(String name, String baseUrl, String apiKey, String model, SpeechToTextConfig config,
            ProviderMetrics metrics) {
        this.name = name;
        this.model = model;
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.metrics = metrics;
        long timeoutMillis = config.timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(Math.min(10_000, timeoutMillis), TimeUnit.MILLISECONDS)
                // a backstop only: the guard's timeout below ends the call first
                .readTimeout(timeoutMillis + 5_000, TimeUnit.MILLISECONDS)
                // every call the bulkhead admits must get a connection at once, or they would queue twice
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.maxConcurrent())
                .property(QuarkusRestClientProperties.MAX_CHUNK_SIZE, WHOLE_BODY_LIMIT)
                .property(QuarkusRestClientProperties.NAME, "stt-" + name)
                .build(SpeechToTextApi.class);
        this.guard = UpstreamGuard.builder("stt-" + name, config)
                .retryWhen(OpenAiFailure::isRetryable)
                .retryAfter(OpenAiFailure::retryAfter)
                .onRetry((cause, delay) -> metrics.retried(name, cause, delay))
                .countAgainstUpstreamWhen(OpenAiFailure::countsAgainstUpstream)
                .onCircuitChange(state -> metrics.circuitChanged(name, state))
                .timeoutPerAttempt()
                .bulkhead(config.maxConcurrent(), config.queueSize(), () -> metrics.rejectedByBulkhead(name))
                .build();
        metrics.register(name);
    }

    String name() {
        return name;
    }

    String model() {
        return model;
    }

    Uni<ProviderTranscription> transcribe(AudioFile audio, String language, String prompt) {
        return guard.call(() -> call(audio, language, prompt));
    }

    /** One attempt; the guard calls this again for every retry, so each attempt sends a fresh request. */
    private Uni<ProviderTranscription> call(AudioFile audio, String language, String prompt) {
        ClientMultipartForm form = ClientMultipartForm.create();
        if (audio.content() != null) {
            form.binaryFileUpload("file", audio.uploadName(), audio.content(), audio.format().mediaType());
        } else {
            form.binaryFileUpload("file", audio.uploadName(), audio.path().toString(), audio.format().mediaType());
        }
        form.attribute("model", model, null)
                .attribute("response_format", "verbose_json", null)
                .attribute("temperature", "0", null);
        if (language != null) {
            form.attribute("language", language, null);
        }
        if (prompt != null) {
            form.attribute("prompt", prompt, null);
        }
        long start = System.nanoTime();
        metrics.callStarted(name);
        return api.transcribe(authorization, form)
                .invoke(response -> metrics.rateLimits(name, rateLimitHeaders(response)))
                .map(RestResponse::getEntity)
                .onFailure(OpenAiApiError.class)
                .invoke(failure -> metrics.rateLimits(name, ((OpenAiApiError) failure).rateLimitHeaders()))
                .onItemOrFailure().invoke((item, failure) -> metrics.callEnded(name, start,
                        failure == null ? "success" : OpenAiFailure.of(failure).outcome()))
                .onCancellation().invoke(() -> metrics.callEnded(name, start, "cancelled"));
    }

    private static Map<String, String> rateLimitHeaders(RestResponse<?> response) {
        return OpenAiApiError.rateLimitHeaders(response.toResponse());
    }
}
