package dev.dnevnik.transcription.provider;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.transcription.audio.AudioFile;
import dev.dnevnik.upstream.RetryAfter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The configured providers, in order: the primary serves every transcription; the optional secondary takes over when
 * the primary is unavailable (open circuit, 5xx or connection failures after retries, timeout, rate limit, full
 * bulkhead). With no primary key configured, every call is answered with a 503 naming the variable to set.
 */
@ApplicationScoped
public class SpeechToTextProviders {

    private static final Logger LOG = Logger.getLogger(SpeechToTextProviders.class);
    static final String PRIMARY_DEFAULT_MODEL = "whisper-large-v3-turbo";
    static final String SECONDARY_DEFAULT_MODEL = "whisper-1";
    static final String GROQ_BASE_URL = "https://api.groq.com/openai/v1";

    private final List<SpeechToTextProvider> providers = new ArrayList<>();
    private final ProviderMetrics metrics;
    private final Duration circuitOpenFor;
    private final Duration busyRetryAfter;

    public SpeechToTextProviders(SpeechToTextConfig config, ProviderMetrics metrics) {
        this.metrics = metrics;
        this.circuitOpenFor = config.circuitBreaker().delay();
        this.busyRetryAfter = config.busyRetryAfter();
        SpeechToTextConfig.Endpoint primary = config.primary();
        if (primary.apiKey().isPresent()) {
            String baseUrl = primary.baseUrl().orElse(GROQ_BASE_URL);
            providers.add(new SpeechToTextProvider(primary.name().orElse(nameOf(baseUrl)), baseUrl,
                    primary.apiKey().get(), primary.model().orElse(PRIMARY_DEFAULT_MODEL), config, metrics));
        }
        SpeechToTextConfig.Endpoint secondary = config.secondary();
        if (!providers.isEmpty() && secondary.baseUrl().isPresent()) {
            String baseUrl = secondary.baseUrl().get();
            String name = secondary.name().orElse(nameOf(baseUrl));
            if (name.equals(providers.get(0).name())) {
                name = name + "-secondary";
            }
            providers.add(new SpeechToTextProvider(name, baseUrl, secondary.apiKey().orElse(null),
                    secondary.model().orElse(SECONDARY_DEFAULT_MODEL), config, metrics));
        }
        if (providers.isEmpty()) {
            LOG.warn("No speech-to-text provider configured (STT_PRIMARY_API_KEY / GROQ_API_KEY unset): "
                    + "transcriptions will be answered with 503");
        } else {
            // names and models only: keys are never logged
            LOG.infof("Speech-to-text providers: %s", providers.stream().map(p -> p.name() + " (" + p.model() + ")").toList());
        }
    }

    /** The transcription and who made it. */
    public record Result(ProviderTranscription transcription, String provider, String model) {
    }

    /**
     * Transcribes with the primary, failing over to the secondary. Failures come out as problems for the client; the
     * result is delivered on the caller's Vert.x context (retries and timeouts run on timers), so the caller can go
     * on to use the database.
     */
    public Uni<Result> transcribe(AudioFile audio, String language, String prompt) {
        if (providers.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.of("transcription/no-provider",
                    "No speech-to-text provider configured", 503,
                    "No speech-to-text provider is configured: set STT_PRIMARY_API_KEY (or GROQ_API_KEY), "
                            + "or start the local run with ./dnevnik up --simulate-providers")
                    .withHeader("Retry-After", RetryAfter.header(busyRetryAfter)));
        }
        // the provider whose answer decides the outcome: the primary, or the one failed over to
        AtomicReference<String> deciding = new AtomicReference<>(providers.get(0).name());
        Uni<Result> result = attempt(providers.get(0), audio, language, prompt);
        for (SpeechToTextProvider fallback : providers.subList(1, providers.size())) {
            String from = providers.get(0).name();
            result = result.onFailure(ProviderFailures::warrantsFailover).recoverWithUni(failure -> {
                LOG.warnf("Speech-to-text provider %s failed (%s); failing over to %s", from,
                        OpenAiFailure.of(failure).outcome(), fallback.name());
                metrics.failedOver(from, fallback.name());
                deciding.set(fallback.name());
                return attempt(fallback, audio, language, prompt);
            });
        }
        result = result.onItemOrFailure().invoke((done, failure) -> {
            if (failure == null) {
                metrics.transcription("success", done.provider());
                if (done.transcription().duration() != null) {
                    metrics.audio(done.provider(), done.transcription().duration());
                }
            } else {
                metrics.transcription(OpenAiFailure.of(failure).outcome(), deciding.get());
            }
        });
        Context caller = Vertx.currentContext();
        if (caller != null) {
            result = result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return result.onFailure().transform(failure -> ProviderFailures.toProblem(failure, circuitOpenFor, busyRetryAfter));
    }

    private static Uni<Result> attempt(SpeechToTextProvider provider, AudioFile audio, String language, String prompt) {
        return provider.transcribe(audio, language, prompt)
                .map(transcription -> new Result(transcription, provider.name(), provider.model()));
    }

    /** {@code https://api.groq.com/openai/v1} is "groq"; a bare host such as localhost is itself. */
    static String nameOf(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        if (host == null) {
            return "provider";
        }
        String[] labels = host.split("\\.");
        if (labels.length >= 2 && !host.matches("[0-9.]+")) {
            return labels[labels.length - 2];
        }
        return host;
    }
}
