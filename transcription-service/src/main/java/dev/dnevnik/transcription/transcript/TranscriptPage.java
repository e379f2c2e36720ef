package dev.dnevnik.transcription.transcript;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(description = "A page of transcripts, newest first")
public record TranscriptPage(
        List<TranscriptSummary> items,
        @Schema(description = "Opaque cursor for the next page; absent on the last page") String nextCursor,
        @Schema(description = "Relative link to the next page; absent on the last page") String next) {
}
