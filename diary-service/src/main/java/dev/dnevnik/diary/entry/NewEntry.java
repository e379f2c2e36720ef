package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.dnevnik.common.validation.LanguageCode;

/** What a client sends to create an entry. Unknown fields are ignored. */
@Schema(description = "A new diary entry")
public record NewEntry(
        @Schema(description = "Optional headline", maxLength = 200, examples = "Первый день весны")
        @Size(max = 200) String title,

        @Schema(description = "The entry text", maxLength = 100_000, required = true,
                examples = "Сегодня гуляли в парке, потом читали до ночи.")
        @NotBlank @Size(max = 100_000) String body,

        @Schema(description = "How the day felt")
        Mood mood,

        @Schema(description = "Up to 20 tags of up to 40 characters; stored lowercase, duplicates dropped",
                examples = "[\"walks\", \"family\"]")
        @Size(max = 20) List<@NotBlank @Size(max = 40) String> tags,

        @Schema(description = "text (default) or voice; a voice entry must name its transcript")
        Source source,

        @Schema(description = "The transcript this voice entry was made from (transcription-service id)")
        UUID transcriptId,

        @Schema(description = "ISO 639-1 language of the text", examples = "ru")
        @LanguageCode String language,

        @Schema(description = "The day the entry is about; defaults to today in the client's Time-Zone",
                examples = "2026-03-01")
        @EntryDates.InRange LocalDate entryDate) {
}
