package dev.dnevnik.transcription.transcript;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Transcripts, always looked up with their owner: another user's transcript is simply not found. */
@ApplicationScoped
public class TranscriptRepository implements PanacheRepositoryBase<Transcript, UUID> {

    Uni<Transcript> findOwned(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    Uni<Long> deleteOwned(UUID userId, UUID id) {
        return delete("id = ?1 and userId = ?2", id, userId);
    }
}
