package dev.dnevnik.gateway.client;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the gateway needs of a stored transcript; the service sends more, which is ignored. */
@RegisterForReflection
public record TranscriptRef(UUID id, String text, String language) {
}
