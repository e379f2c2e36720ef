package dev.dnevnik.transcription.provider;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code response_format=verbose_json} answer of an OpenAI-compatible provider; only what Dnevnik keeps. Whisper
 * reports the language as an English name ("russian"), not a code.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderTranscription(String text, String language, Double duration, List<Segment> segments) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(double start, double end, String text) {
    }
}
