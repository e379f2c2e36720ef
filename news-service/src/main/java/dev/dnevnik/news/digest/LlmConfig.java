package dev.dnevnik.news.digest;

import java.util.Optional;

import dev.dnevnik.upstream.UpstreamPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The OpenAI-compatible chat-completions API that writes digests (Groq by default) and its protections
 * ({@code timeout}, {@code retry.*}, {@code circuit-breaker.*}, the bulkhead); application.properties maps the LLM_*
 * environment variables onto these. Without an API key (absent or blank) it is not configured, and digests are
 * extractive.
 */
@ConfigMapping(prefix = "dnevnik.llm")
public interface LlmConfig extends UpstreamPolicy {

    @WithDefault("https://api.groq.com/openai/v1")
    String baseUrl();

    Optional<String> apiKey();

    @WithDefault("llama-3.3-70b-versatile")
    String model();

    /** Low: a digest retells the items, it does not invent. */
    @WithDefault("0.3")
    double temperature();

    /** Calls in flight at once (the bulkhead). */
    @WithDefault("8")
    int maxConcurrent();

    /** Calls allowed to wait for a free slot; beyond that a digest is written extractively at once. */
    @WithDefault("64")
    int queueSize();
}
