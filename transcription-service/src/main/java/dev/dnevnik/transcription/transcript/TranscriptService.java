package dev.dnevnik.transcription.transcript;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.paging.PageRequest;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemResponses;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.common.text.PostgresText;
import dev.dnevnik.idempotency.IdempotencyService;
import dev.dnevnik.idempotency.IdempotentRequest;
import dev.dnevnik.idempotency.IdempotentResponse;
import dev.dnevnik.transcription.audio.AudioFile;
import dev.dnevnik.transcription.audio.AudioInspector;
import dev.dnevnik.transcription.provider.ProviderMetrics;
import dev.dnevnik.transcription.provider.ProviderTranscription;
import dev.dnevnik.transcription.provider.SpeechToTextProviders;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Transcripts: an upload is inspected, then (at most once per Idempotency-Key) a provider is asked, outside any
 * transaction, and the result stored in a short one; batches do that for each file concurrently. Then owner-only
 * reads and deletes.
 */
@ApplicationScoped
public class TranscriptService {

    static final int MAX_BATCH_FILES = 10;

    private static final Logger LOG = Logger.getLogger(TranscriptService.class);

    private final SpeechToTextProviders providers;
    private final AudioInspector inspector;
    private final IdempotencyService idempotency;
    private final ProviderMetrics metrics;
    private final TranscriptRepository transcripts;
    private final TranscriptQueries queries;

    public TranscriptService(SpeechToTextProviders providers, AudioInspector inspector,
            IdempotencyService idempotency, ProviderMetrics metrics, TranscriptRepository transcripts,
            TranscriptQueries queries) {
        this.providers = providers;
        this.inspector = inspector;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.transcripts = transcripts;
        this.queries = queries;
    }

    /**
     * What makes two uploads "the same request" for Idempotency-Key purposes; serialised to JSON for its hash, so the
     * native image must keep its accessors.
     */
    @RegisterForReflection
    record UploadFingerprint(String sha256, String language, String prompt) {
    }

    /**
     * Transcribes one upload and stores the transcript; with a key, a retry replays the stored transcript without
     * asking a provider again.
     *
     * @param field the form field of the file, named in problems
     * @param locationOf where a stored transcript can be read
     */
    public Uni<IdempotentResponse<TranscriptView>> transcribe(UUID userId, FileUpload file, String field,
            TranscriptionOptions options, String idempotencyKey, Function<UUID, URI> locationOf) {
        return transcribe(userId, file, field, options, "POST /transcriptions", idempotencyKey, locationOf);
    }

    /**
     * Transcribes up to ten uploads concurrently, each on its own: one bad file fails only itself. With a key, each
     * file is idempotent on its own, so a retried batch redoes only the files that failed.
     *
     * @param instance the request path, for the problems of single files
     */
    public Uni<BatchResult> transcribeBatch(UUID userId, List<FileUpload> files, TranscriptionOptions options,
            String idempotencyKey, Function<UUID, URI> locationOf, String instance) {
        if (files == null || files.isEmpty()) {
            throw ProblemException.validation("files", "at least one audio file is required");
        }
        if (files.size() > MAX_BATCH_FILES) {
            throw ProblemException.validation("files", "at most " + MAX_BATCH_FILES + " files per batch, got "
                    + files.size());
        }
        List<Uni<BatchResult.Item>> items = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            FileUpload file = files.get(i);
            String fileKey = idempotencyKey == null ? null : idempotencyKey + "#" + index;
            items.add(OwnContext.run(() -> transcribe(userId, file, "files[" + index + "]", options,
                    "POST /transcriptions/batch", fileKey, locationOf))
                    .map(done -> new BatchResult.Item(index, file.fileName(), done.status(), done.body(), null))
                    .onFailure().recoverWithItem(failure -> failedItem(index, file, failure, instance)));
        }
        return Uni.join().all(items).andFailFast().map(BatchResult::new);
    }

    private Uni<IdempotentResponse<TranscriptView>> transcribe(UUID userId, FileUpload file, String field,
            TranscriptionOptions options, String operation, String key, Function<UUID, URI> locationOf) {
        return inspector.inspect(file, field)
                .onFailure().invoke(invalid -> metrics.transcription("invalid_input", "none"))
                .flatMap(audio -> (key == null ? Uni.createFrom().<String> nullItem() : inspector.sha256(audio))
                        .flatMap(sha256 -> idempotency.execute(
                                new IdempotentRequest(userId.toString(), operation, key,
                                        new UploadFingerprint(sha256, options.language(), options.prompt())),
                                TranscriptView.class,
                                // the provider is asked outside any transaction: no connection is held while it works
                                () -> providers.transcribe(audio, options.language(), options.prompt()),
                                recognised -> store(userId, audio, options.language(), recognised)
                                        .map(stored -> IdempotentResponse.created(locationOf.apply(stored.getId()),
                                                TranscriptView.of(stored))))));
    }

    private BatchResult.Item failedItem(int index, FileUpload file, Throwable failure, String instance) {
        ProblemException problem = failure instanceof ProblemException known ? known
                : new ProblemException(ProblemType.INTERNAL,
                        "Something went wrong on our side with this file; quote the request id when reporting it");
        if (!(failure instanceof ProblemException)) {
            LOG.errorf(failure, "Unexpected failure transcribing batch file %d", index);
        }
        return new BatchResult.Item(index, file == null ? null : file.fileName(), problem.status(), null,
                ProblemResponses.problemOf(problem, instance));
    }

    /**
     * Stores what a provider recognised. Its texts are stored without NUL characters, which PostgreSQL cannot hold.
     *
     * @param requestedLanguage the client's language, which wins over the one the provider detected
     */
    @WithTransaction
    Uni<Transcript> store(UUID userId, AudioFile audio, String requestedLanguage,
            SpeechToTextProviders.Result result) {
        ProviderTranscription recognised = result.transcription();
        Transcript transcript = new Transcript();
        transcript.setUserId(userId);
        transcript.setText(recognised.text() == null ? "" : PostgresText.withoutNul(recognised.text()).strip());
        transcript.setLanguage(requestedLanguage != null ? requestedLanguage : LanguageCodes.of(recognised.language()));
        transcript.setDurationSeconds(recognised.duration());
        transcript.setSegments(recognised.segments() == null ? List.of() : recognised.segments().stream()
                .map(segment -> new Transcript.Segment(segment.start(), segment.end(),
                        segment.text() == null ? "" : PostgresText.withoutNul(segment.text()).strip()))
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

    /** The transcripts of a page, plus one more if another page follows (see {@code Page.of}). */
    public Uni<List<TranscriptSummary>> list(UUID userId, PageRequest page) {
        return queries.page(userId, page);
    }

    public Uni<TranscriptStats> recent(UUID userId, int days) {
        return queries.recent(userId, days);
    }
}
