package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.dnevnik.common.validation.LanguageCode;

/**
 * A full replacement of an entry's editable fields (PUT). Omitted optional fields are cleared, except
 * {@code entryDate}, which keeps its value when omitted. Source and transcript are fixed at creation.
 */
@Schema(description = "The new content of an entry")
public record EntryChanges(
        @Schema(maxLength = 200) @Size(max = 200) String title,
        @Schema(maxLength = 100_000, required = true) @NotBlank @Size(max = 100_000) String body,
        Mood mood,
        @Size(max = 20) List<@NotBlank @Size(max = 40) String> tags,
        @LanguageCode String language,
        @Schema(description = "Kept as is when omitted") @EntryDates.InRange LocalDate entryDate,
        @Schema(description = "The version being replaced, for clients that cannot send If-Match; If-Match wins")
        Long version) {
}
