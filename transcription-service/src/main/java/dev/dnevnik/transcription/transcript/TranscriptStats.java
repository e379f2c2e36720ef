package dev.dnevnik.transcription.transcript;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(description = "Transcription activity over the last days")
public record TranscriptStats(
        @Schema(examples = "7") int days,
        @Schema(description = "Transcripts made in the period") long transcripts,
        @Schema(description = "Seconds of audio transcribed in the period") double audioSeconds) {
}
