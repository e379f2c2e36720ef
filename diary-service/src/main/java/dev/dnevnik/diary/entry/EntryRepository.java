package dev.dnevnik.diary.entry;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * Entries as managed entities, for writes and single-entry reads; always looked up together with their owner, so
 * another user's entry is simply not found. Pages and statistics are read by {@link EntryQueries}.
 */
@ApplicationScoped
public class EntryRepository implements PanacheRepositoryBase<Entry, UUID> {

    Uni<Entry> findOwned(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    Uni<Long> deleteOwned(UUID userId, UUID id) {
        return delete("id = ?1 and userId = ?2", id, userId);
    }

}
