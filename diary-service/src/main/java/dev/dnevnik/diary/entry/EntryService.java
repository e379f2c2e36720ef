package dev.dnevnik.diary.entry;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.HttpHeaders;

import org.hibernate.StaleStateException;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.idempotency.IdempotencyService;
import dev.dnevnik.idempotency.IdempotentRequest;
import dev.dnevnik.idempotency.IdempotentResponse;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The rules of diary entries: ownership, normalisation, versions, idempotent creation, paging and statistics. */
@ApplicationScoped
public class EntryService {

    /** Longest stats range: a year and a day, so a full leap year fits. */
    static final int MAX_STATS_DAYS = 367;

    private final EntryRepository entries;
    private final EntryQueries queries;
    private final IdempotencyService idempotency;
    private final EntryMetrics metrics;
    private final Clock clock;

    public EntryService(EntryRepository entries, EntryQueries queries, IdempotencyService idempotency,
            EntryMetrics metrics, Clock clock) {
        this.entries = entries;
        this.queries = queries;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Creates an entry, once per Idempotency-Key: a retry gets the first answer (and is not counted again).
     *
     * @param zone the client's time zone; its today is the default entry date
     * @param locationOf where a created entry can be read
     */
    public Uni<IdempotentResponse<EntryView>> create(UUID userId, NewEntry input, ZoneId zone, String idempotencyKey,
            Function<UUID, URI> locationOf) {
        Source source = input.source() == null ? Source.TEXT : input.source();
        return idempotency.execute(new IdempotentRequest(userId.toString(), "POST /entries", idempotencyKey, input),
                EntryView.class, () -> insert(userId, input, today(zone)).map(entry -> IdempotentResponse
                        .created(locationOf.apply(entry.getId()), EntryView.of(entry))
                        .withHeader(HttpHeaders.ETAG, Versions.etag(entry))))
                .invoke(created -> {
                    if (!created.replayed()) {
                        metrics.created(source);
                    }
                });
    }

    /** The day it is in a time zone, by this service's clock. */
    LocalDate today(ZoneId zone) {
        return LocalDate.now(clock.withZone(zone));
    }

    @WithTransaction
    Uni<Entry> insert(UUID userId, NewEntry input, LocalDate today) {
        Source source = input.source() == null ? Source.TEXT : input.source();
        if (source == Source.VOICE && input.transcriptId() == null) {
            throw ProblemException.validation("transcriptId", "is required for a voice entry");
        }
        if (source == Source.TEXT && input.transcriptId() != null) {
            throw ProblemException.validation("transcriptId", "is only allowed for a voice entry");
        }
        Instant now = now();
        Entry entry = new Entry();
        entry.setUserId(userId);
        entry.setSource(source);
        entry.setTranscriptId(input.transcriptId());
        entry.setCreatedAt(now);
        applyContent(entry, input.title(), input.body(), input.mood(), input.tags(), input.language(),
                input.entryDate() == null ? today : input.entryDate(), now);
        return entries.persistAndFlush(entry);
    }

    @WithSession
    public Uni<Entry> get(UUID userId, UUID id) {
        return entries.findOwned(userId, id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /**
     * Replaces the content if the client saw the current version. The version check here answers a stale client;
     * Hibernate's versioned UPDATE catches the race where another writer commits between our read and write.
     *
     * @param expectedVersion the version the client based its change on, null for "any" ({@code If-Match: *})
     */
    @WithTransaction
    public Uni<Entry> update(UUID userId, UUID id, Long expectedVersion, EntryChanges changes) {
        return get(userId, id).invoke(entry -> {
            requireVersion(entry, expectedVersion);
            applyContent(entry, changes.title(), changes.body(), changes.mood(), changes.tags(), changes.language(),
                    changes.entryDate() == null ? entry.getEntryDate() : changes.entryDate(), now());
        }).call(entries::flush).onFailure(EntryService::lostARace).transform(EntryService::changedMeanwhile);
    }

    @WithTransaction
    public Uni<Void> delete(UUID userId, UUID id, Long expectedVersion) {
        if (expectedVersion == null) {
            return entries.deleteOwned(userId, id).invoke(deleted -> {
                if (deleted == 0) {
                    throw notFound(id);
                }
            }).replaceWithVoid();
        }
        return get(userId, id).invoke(entry -> requireVersion(entry, expectedVersion))
                .call(entries::delete)
                .call(entries::flush)
                .onFailure(EntryService::lostARace).transform(EntryService::changedMeanwhile)
                .replaceWithVoid();
    }

    /** The entries of a page, plus one more if another page follows (see {@code Page.of}). */
    public Uni<List<EntryView>> list(EntryFilter filter) {
        return queries.page(filter);
    }

    public Uni<EntryStats> stats(UUID userId, LocalDate from, LocalDate to, LocalDate today) {
        return queries.dailyCounts(userId, from, to).flatMap(days -> queries.currentStreak(userId, today)
                .map(streak -> new EntryStats(from, to, days,
                        days.stream().mapToLong(EntryStats.Day::entries).sum(),
                        days.stream().mapToLong(EntryStats.Day::words).sum(),
                        streak)));
    }

    /** Tags are matched case-insensitively, so they are stored lowercase, trimmed, without a leading '#', once each. */
    static List<String> normalizeTags(List<String> tags) {
        if (tags == null) {
            return new ArrayList<>();
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = normalizeTag(tags.get(i));
            if (tag.isEmpty()) {
                throw ProblemException.validation("tags[" + i + "]", "must contain more than a '#'");
            }
            normalized.add(tag);
        }
        return new ArrayList<>(normalized);
    }

    static String normalizeTag(String tag) {
        String clean = tag.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return clean.startsWith("#") ? clean.substring(1).strip() : clean;
    }

    private static void applyContent(Entry entry, String title, String body, Mood mood, List<String> tags,
            String language, LocalDate entryDate, Instant now) {
        entry.setTitle(title == null || title.isBlank() ? null : title.strip());
        entry.setBody(body);
        entry.setMood(mood);
        entry.setTags(normalizeTags(tags));
        entry.setLanguage(language);
        entry.setEntryDate(entryDate);
        entry.setWordCount(WordCounter.count(body));
        entry.setUpdatedAt(now);
    }

    private static void requireVersion(Entry entry, Long expectedVersion) {
        if (expectedVersion != null && entry.getVersion() != expectedVersion) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "The entry is at version " + entry.getVersion()
                    + ", not " + expectedVersion + "; fetch it again and reapply your change");
        }
    }

    /** Another request changed the entry between our read and our versioned write. */
    private static boolean lostARace(Throwable failure) {
        return failure instanceof OptimisticLockException || failure instanceof StaleStateException;
    }

    private static ProblemException changedMeanwhile(Throwable failure) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED,
                "The entry was changed by another request; fetch it again and retry");
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No entry " + id);
    }

    /** PostgreSQL keeps microseconds: truncate so the value we return equals the value we store. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
