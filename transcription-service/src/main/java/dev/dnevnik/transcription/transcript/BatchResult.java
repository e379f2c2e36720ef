package dev.dnevnik.transcription.transcript;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.dnevnik.common.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One result per uploaded file, in upload order: a transcript or the problem that file had. */
@RegisterForReflection
@Schema(description = "Per-file results of a batch, in upload order")
public record BatchResult(List<Item> results) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The outcome for one file: status 201 with its transcript, or a problem")
    public record Item(
            int index,
            String fileName,
            int status,
            TranscriptView transcript,
            Problem problem) {
    }
}
