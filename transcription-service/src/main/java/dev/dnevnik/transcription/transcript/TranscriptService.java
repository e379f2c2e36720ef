package dev.dnevnik.transcription.transcript;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.transcription.audio.AudioFile;
import dev.dnevnik.transcription.provider.ProviderTranscription;
import dev.dnevnik.transcription.provider.SpeechToTextProviders;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Transcripts: asking a provider (slow, outside any transaction) and storing the result (short transaction), then
 * owner-only reads and deletes.
 */
@ApplicationScoped
public class TranscriptService {

    private final SpeechToTextProviders providers;
    private final TranscriptRepository transcripts;
    private final TranscriptQueries queries;

    public TranscriptService(SpeechToTextProviders providers, TranscriptRepository transcripts,
            TranscriptQueries queries) {
        this.providers = providers;
        this.transcripts = transcripts;
        this.queries = queries;
    }

    /** Asks the providers; holds no database connection while it waits. */
    public Uni<SpeechToTextProviders.Result> recognise(AudioFile audio, String language, String prompt) {
        return providers.transcribe(audio, language, prompt);
    }

    /** @param requestedLanguage the client's language, which wins over the one the provider detected */
    @WithTransaction
    public Uni<Transcript> store(UUID userId, AudioFile audio, String requestedLanguage,
            SpeechToTextProviders.Result result) {
        ProviderTranscription recognised = result.transcription();
        Transcript transcript = new Transcript();
        transcript.setUserId(userId);
        transcript.setText(recognised.text() == null ? "" : recognised.text().strip());
        transcript.setLanguage(requestedLanguage != null ? requestedLanguage : LanguageCodes.of(recognised.language()));
        transcript.setDurationSeconds(recognised.duration());
        transcript.setSegments(recognised.segments() == null ? List.of() : recognised.segments().stream()
                .map(segment -> new Transcript.Segment(segment.start(), segment.end(),
                        segment.text() == null ? "" : segment.text().strip()))
                .toList());
        transcript.setProvider(result.provider());
        transcript.setModel(result.model());
        transcript.setAudioFormat(audio.format().extension());
        transcript.setAudioBytes(audio.sizeBytes());
        // PostgreSQL keeps microseconds: truncate so the value returned equals the value stored
        transcript.setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MICROS));
        return transcripts.persistAndFlush(transcript);
    }

    @WithSession
    public Uni<Transcript> get(UUID userId, UUID id) {
        return transcripts.findOwned(userId, id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No transcript " + id));
    }

    @WithTransaction
    public Uni<Void> delete(UUID userId, UUID id) {
        return transcripts.deleteOwned(userId, id).invoke(deleted -> {
            if (deleted == 0) {
                throw ProblemException.notFound("No transcript " + id);
            }
        }).replaceWithVoid();
    }

    public Uni<TranscriptQueries.Page> list(UUID userId, TranscriptCursor after, int limit) {
        return queries.page(userId, after, limit);
    }

    public Uni<TranscriptStats> recent(UUID userId, int days) {
        return queries.recent(userId, days);
    }
}
