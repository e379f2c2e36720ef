package dev.dnevnik.transcription.provider;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code response_format=verbose_json} answer of an OpenAI-compatible provider; only what Dnevnik keeps. Whisper
 * reports the language as an English name ("russian"), not a code. The texts are read as the provider sent them,
 * NUL characters included (a client's text would be refused for them): the transcript is cleaned before it is stored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderTranscription(@JsonDeserialize(using = StringDeserializer.class) String text,
        @JsonDeserialize(using = StringDeserializer.class) String language,
        Double duration, List<Segment> segments) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(double start, double end, @JsonDeserialize(using = StringDeserializer.class) String text) {
    }
}
