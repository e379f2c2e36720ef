package dev.dnevnik.diary.entry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An entry as clients see it. */
/** Registered for native images: resources return it inside a Response, which hides the type from Quarkus. */
@RegisterForReflection
@Schema(description = "A diary entry")
public record EntryView(
        UUID id,
        String title,
        String body,
        Mood mood,
        List<String> tags,
        Source source,
        UUID transcriptId,
        String language,
        LocalDate entryDate,
        @Schema(description = "Words in the body") int wordCount,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Increases with every change; send it back in If-Match to update") long version) {

    static EntryView of(Entry entry) {
        return new EntryView(entry.getId(), entry.getTitle(), entry.getBody(), entry.getMood(),
                List.copyOf(entry.getTags()), entry.getSource(), entry.getTranscriptId(), entry.getLanguage(),
                entry.getEntryDate(), entry.getWordCount(), entry.getCreatedAt(), entry.getUpdatedAt(),
                entry.getVersion());
    }
}
