package dev.dnevnik.transcription.provider;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.util.TypeLiteral;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import dev.dnevnik.transcription.audio.AudioFile;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * One OpenAI-compatible speech-to-text endpoint behind its own protections: a bulkhead capping calls in flight (with
 * a bounded queue), a timeout per call, retries with backoff for transient failures, and a circuit breaker that stops
 * calling a provider that keeps failing. Each provider has its own, so one failing provider never exhausts another's.
 */
final class SpeechToTextProvider {

    private static final TypeLiteral<Uni<ProviderTranscription>> RESULT = new TypeLiteral<>() {
    };

    private final String name;
    private final String model;
    private final String authorization;
    private final SpeechToTextApi api;
    private final TypedGuard<Uni<ProviderTranscription>> guard;
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
                .property(QuarkusRestClientProperties.NAME, "stt-" + name)
                .build(SpeechToTextApi.class);
        SpeechToTextConfig.Retry retry = config.retry();
        SpeechToTextConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = TypedGuard.create(RESULT)
                .withDescription("speech-to-text " + name)
                // the call is non-blocking: run it on the caller's event loop, not on a worker thread
                .withThreadOffload(false)
                .withRetry()
                .maxRetries(retry.maxRetries())
                .maxDuration(Math.max(1, retry.maxRetries() + 1) * (timeoutMillis + retry.maxBackoff().toMillis()
                        + retry.longestRetryAfter().toMillis()), ChronoUnit.MILLIS)
                .whenException(failure -> ProviderFailures.isRetryable(failure, retry.longestRetryAfter()))
                .beforeRetry(cause -> metrics.retried(name, cause))
                .withCustomBackoff()
                .strategy(() -> new RetryAfterBackoff(retry.initialBackoff(), retry.maxBackoff()))
                .done()
                .done()
                .withCircuitBreaker()
                .name("stt-" + name)
                .when(ProviderFailures::countsAgainstProvider)
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .onStateChange(state -> metrics.circuitChanged(name, state))
                .done()
                .withTimeout()
                .duration(timeoutMillis, ChronoUnit.MILLIS)
                .done()
                .withBulkhead()
                .limit(config.maxConcurrent())
                .queueSize(config.queueSize())
                .onRejected(() -> metrics.rejectedByBulkhead(name))
                .done()
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
        return guard.get(() -> call(audio, language, prompt));
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
                .onFailure(ProviderHttpException.class)
                .invoke(failure -> metrics.rateLimits(name, ((ProviderHttpException) failure).rateLimitHeaders()))
                .onItemOrFailure().invoke((item, failure) -> metrics.callEnded(name, start,
                        failure == null ? "success" : ProviderFailures.kindOf(failure).outcome()))
                .onCancellation().invoke(() -> metrics.callEnded(name, start, "cancelled"));
    }

    private static Map<String, String> rateLimitHeaders(RestResponse<?> response) {
        return ProviderHttpException.rateLimitHeaders(response.toResponse());
    }
}
