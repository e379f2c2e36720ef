package dev.dnevnik.transcription.transcript;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A stored transcript as clients see it. */
@RegisterForReflection
@Schema(description = "A stored transcript")
public record TranscriptView(
        UUID id,
        @Schema(examples = "Today I walked in the park and read a book.") String text,
        @Schema(description = "ISO 639-1 code: the one requested, else the one the provider detected", examples = "en")
        String language,
        @Schema(description = "Length of the recording in seconds, as the provider measured it") Double durationSeconds,
        List<Transcript.Segment> segments,
        @Schema(description = "The provider that transcribed it", examples = "groq") String provider,
        @Schema(examples = "whisper-large-v3-turbo") String model,
        @Schema(description = "The audio format detected from the file's content", examples = "ogg") String audioFormat,
        Instant createdAt) {

    static TranscriptView of(Transcript transcript) {
        return new TranscriptView(transcript.getId(), transcript.getText(), transcript.getLanguage(),
                transcript.getDurationSeconds(), List.copyOf(transcript.getSegments()), transcript.getProvider(),
                transcript.getModel(), transcript.getAudioFormat(), transcript.getCreatedAt());
    }
}
