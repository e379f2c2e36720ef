package dev.dnevnik.transcription.transcript;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A transcript in a list: everything but the segments, which only the single transcript carries. */
@RegisterForReflection
@Schema(description = "A transcript in a list (segments omitted)")
public record TranscriptSummary(UUID id, String text, String language, Double durationSeconds, String provider,
        String model, String audioFormat, Instant createdAt) {
}
