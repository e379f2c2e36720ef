package dev.dnevnik.gateway.client;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A voice entry as diary-service's POST /entries takes it. */
@RegisterForReflection
public record VoiceEntryDraft(String title, String body, List<String> tags, String source, UUID transcriptId,
        String language, LocalDate entryDate) {
}
