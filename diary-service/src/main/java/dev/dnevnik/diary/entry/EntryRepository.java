package dev.dnevnik.diary.entry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * Entries, always looked up together with their owner: every query here takes the user id, so another user's entry
 * is simply not found.
 */
@ApplicationScoped
public class EntryRepository implements PanacheRepositoryBase<Entry, UUID> {

    private static final String COLUMNS = """
            e.id, e.user_id, e.title, e.body, e.mood, e.tags, e.source, e.transcript_id, e.language,
            e.entry_date, e.word_count, e.created_at, e.updated_at, e.version""";

    Uni<Entry> findOwned(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    Uni<Long> deleteOwned(UUID userId, UUID id) {
        return delete("id = ?1 and userId = ?2", id, userId);
    }

    /** One page in keyset order; fetches {@code limit + 1} rows so the caller knows whether another page exists. */
    Uni<List<Entry>> page(EntryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM entries e WHERE e.user_id = :user");
        List<Binding> bindings = new ArrayList<>();
        bindings.add(new Binding("user", query.userId()));
        if (query.from() != null) {
            sql.append(" AND e.entry_date >= :from");
            bindings.add(new Binding("from", query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND e.entry_date <= :to");
            bindings.add(new Binding("to", query.to()));
        }
        if (query.tag() != null) {
            sql.append(" AND e.tags @> ARRAY[CAST(:tag AS text)]");
            bindings.add(new Binding("tag", query.tag()));
        }
        if (query.source() != null) {
            sql.append(" AND e.source = :source");
            bindings.add(new Binding("source", query.source().wireName()));
        }
        if (query.text() != null) {
            sql.append(" AND e.search_vector @@ entry_search_query(:text)");
            bindings.add(new Binding("text", query.text()));
        }
        if (query.after() != null) {
            sql.append(" AND (e.entry_date, e.created_at, e.id) < (:afterDate, :afterCreated, :afterId)");
            bindings.add(new Binding("afterDate", query.after().entryDate()));
            bindings.add(new Binding("afterCreated", query.after().createdAt()));
            bindings.add(new Binding("afterId", query.after().id()));
        }
        sql.append(" ORDER BY e.entry_date DESC, e.created_at DESC, e.id DESC LIMIT :limit");
        bindings.add(new Binding("limit", query.limit() + 1));
        return getSession().flatMap(session -> {
            Mutiny.SelectionQuery<Entry> select = session.createNativeQuery(sql.toString(), Entry.class);
            bindings.forEach(binding -> select.setParameter(binding.name(), binding.value()));
            return select.getResultList();
        });
    }

    /** Entry and word counts for every day of the range, zero-filled. */
    Uni<List<EntryStats.Day>> dailyCounts(UUID userId, LocalDate from, LocalDate to) {
        String sql = """
                SELECT CAST(d AS date), count(e.id), coalesce(sum(e.word_count), 0)
                  FROM generate_series(CAST(:from AS date), CAST(:to AS date), interval '1 day') AS d
                  LEFT JOIN entries e ON e.user_id = :user AND e.entry_date = CAST(d AS date)
                 GROUP BY d
                 ORDER BY d""";
        return getSession().flatMap(session -> session.createNativeQuery(sql, Object[].class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("user", userId)
                .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new EntryStats.Day((LocalDate) row[0], ((Number) row[1]).longValue(),
                                ((Number) row[2]).longValue()))
                        .toList());
    }

    /**
     * Consecutive days with entries ending today or yesterday. Consecutive dates minus their rank in descending order
     * are constant, so the latest run is the group that shares the newest date's value.
     */
    Uni<Integer> currentStreak(UUID userId, LocalDate today) {
        String sql = """
                WITH days AS (SELECT DISTINCT entry_date AS d FROM entries WHERE user_id = :user AND entry_date <= :today),
                     runs AS (SELECT d, d + CAST(row_number() OVER (ORDER BY d DESC) AS integer) AS run FROM days)
                SELECT count(*) FROM runs
                 WHERE run = (SELECT run FROM runs ORDER BY d DESC LIMIT 1)
                   AND (SELECT max(d) FROM days) >= CAST(:today AS date) - 1""";
        return getSession().flatMap(session -> session.createNativeQuery(sql, Long.class)
                .setParameter("user", userId)
                .setParameter("today", today)
                .getSingleResult())
                .map(Long::intValue);
    }

    private record Binding(String name, Object value) {
    }
}
