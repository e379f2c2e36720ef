package dev.dnevnik.gateway.client;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A voice entry as diary-service's POST /entries takes it; the entry date as the client wrote it, checked there. */
@RegisterForReflection
public record VoiceEntryDraft(String title, String body, List<String> tags, String source, UUID transcriptId,
        String language, String entryDate) {
}
