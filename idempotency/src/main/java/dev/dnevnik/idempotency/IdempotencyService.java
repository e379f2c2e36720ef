package dev.dnevnik.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.common.hash.Sha256;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes a creating request safe to retry: the first request with a given {@code Idempotency-Key} runs, its response
 * is stored, and every retry gets that same response without running again. A retry that arrives while the first is
 * still running gets 409; reusing a key for a different request body gets 422.
 *
 * <p>
 * How it stays correct: (1) the key is claimed in its own short transaction, so a concurrent duplicate sees the claim
 * at once; (2) the action and the recording of its response commit in ONE transaction, so there is never a created
 * resource without its stored response, or the reverse; (3) if the action fails the claim is released and the client
 * may retry; (4) a claim whose holder died (crashed replica) expires after a lease and can be taken over, and the
 * recording step checks the claim token so a holder that lost its claim rolls back instead of creating a duplicate.
 */
@ApplicationScoped
public class IdempotencyService {

    private static final Logger LOG = Logger.getLogger(IdempotencyService.class);
    private static final int RELEASE_ATTEMPTS = 3;
    private static final Duration RELEASE_BACKOFF = Duration.ofMillis(50);
    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {
    };

    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k
                (owner, operation, idem_key, fingerprint, state, claim_token, locked_until, expires_at)
            VALUES ($1, $2, $3, $4, 'in_progress', $5, now() + make_interval(secs => $6), now() + make_interval(secs => $7))
            ON CONFLICT (owner, operation, idem_key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, state = 'in_progress', claim_token = EXCLUDED.claim_token,
                   locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now(),
                   response_status = NULL, response_headers = NULL, response_body = NULL, response_content_type = NULL
             WHERE k.expires_at < now() OR (k.state = 'in_progress' AND k.locked_until < now())
            RETURNING claim_token""";

    private static final String READ = """
            SELECT fingerprint, state, response_status, response_headers, response_body,
                   response_content_type
              FROM idempotency_keys
             WHERE owner = $1 AND operation = $2 AND idem_key = $3 AND expires_at >= now()""";

    private static final String RECORD = """
            UPDATE idempotency_keys
               SET state = 'completed', locked_until = NULL, response_status = :status,
                   response_headers = :headers, response_body = :body, response_content_type = :contentType
             WHERE owner = :owner AND operation = :operation AND idem_key = :key AND claim_token = :token""";

    private static final String RELEASE = """
            DELETE FROM idempotency_keys WHERE owner = $1 AND operation = $2 AND idem_key = $3 AND claim_token = $4""";

    private final Pool pool;
    private final ObjectMapper json;
    private final Duration lease;
    private final Duration retention;

    public IdempotencyService(Pool pool, ObjectMapper json,
            @ConfigProperty(name = "dnevnik.idempotency.lease", defaultValue = "60s") Duration lease,
            @ConfigProperty(name = "dnevnik.idempotency.retention", defaultValue = "24h") Duration retention) {
        this.pool = pool;
        this.json = json;
        this.lease = lease;
        this.retention = retention;
    }

    /**
     * Runs {@code action} at most once per key. The action should create what it creates in the current reactive
     * transaction (a {@code @WithTransaction} service method joins it), so its work and the stored response commit
     * together.
     *
     * @param bodyType what the answer's body is, to read a stored answer back for a replay
     */
    public <T> Uni<IdempotentResponse<T>> execute(IdempotentRequest request, Class<T> bodyType,
            Supplier<Uni<IdempotentResponse<T>>> action) {
        return execute(request, bodyType, () -> Uni.createFrom().voidItem(), ignored -> action.get());
    }

    /**
     * Like {@link #execute(IdempotentRequest, Class, Supplier)} for work with a slow, non-transactional first step (a
     * call to another system): {@code work} runs outside any database transaction, so no connection is held while it
     * waits; {@code record} then persists its result in the transaction that also stores the response. A replay runs
     * neither. A failure of either step releases the key.
     */
    public <W, T> Uni<IdempotentResponse<T>> execute(IdempotentRequest request, Class<T> bodyType,
            Supplier<Uni<W>> work, Function<W, Uni<IdempotentResponse<T>>> record) {
        if (request.key() == null) {
            return work.get().flatMap(result -> Panache.withTransaction(() -> record.apply(result)));
        }
        String fingerprint = fingerprint(request);
        return claimOrReplay(request, fingerprint, bodyType, 3)
                .flatMap(claim -> claim.replay() != null
                        ? Uni.createFrom().item(claim.replay())
                        : toTheEnd(work.get()
                                .flatMap(result -> Panache.withTransaction(() -> record.apply(result)
                                        .call(response -> record(request, claim.token(), response))))
                                .onFailure().call(failure -> release(request, claim.token()))));
    }

    /**
     * Runs a claimed request to its end even when the client goes away meanwhile (its answer is then dropped): the
     * key is always recorded or released, so the client's retry gets the answer instead of 409 until the lease runs
     * out, and work already paid for (a transcription) is not thrown away.
     */
    private static <T> Uni<T> toTheEnd(Uni<T> claimed) {
        return Uni.createFrom().emitter(emitter -> claimed.subscribe().with(emitter::complete, emitter::fail));
    }

    private record Claim<T>(UUID token, IdempotentResponse<T> replay) {
    }

    private <T> Uni<Claim<T>> claimOrReplay(IdempotentRequest request, String fingerprint, Class<T> bodyType,
            int attemptsLeft) {
        UUID token = UUID.randomUUID();
        Tuple claimArgs = Tuple.tuple()
                .addString(request.owner()).addString(request.operation()).addString(request.key())
                .addString(fingerprint).addUUID(token)
                .addDouble(lease.toMillis() / 1000.0).addDouble(retention.toMillis() / 1000.0);
        return pool.preparedQuery(CLAIM).execute(claimArgs).flatMap(claimed -> {
            if (claimed.rowCount() == 1) {
                return Uni.createFrom().item(new Claim<>(token, null));
            }
            return pool.preparedQuery(READ)
                    .execute(Tuple.of(request.owner(), request.operation(), request.key()))
                    .flatMap(existing -> {
                        if (existing.rowCount() == 0) {
                            // released or expired between our two statements: try to claim again
                            if (attemptsLeft <= 1) {
                                return Uni.createFrom().failure(inProgress());
                            }
                            return claimOrReplay(request, fingerprint, bodyType, attemptsLeft - 1);
                        }
                        return Uni.createFrom().item(new Claim<>(null, replayOf(existing, fingerprint, bodyType)));
                    });
        });
    }

    private <T> IdempotentResponse<T> replayOf(RowSet<Row> rows, String fingerprint, Class<T> bodyType) {
        Row row = rows.iterator().next();
        if (!fingerprint.equals(row.getString("fingerprint"))) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used for a different request; use a new key for a new request");
        }
        if (!"completed".equals(row.getString("state"))) {
            throw inProgress();
        }
        String body = row.getString("response_body");
        return new IdempotentResponse<>(row.getInteger("response_status"), body == null ? null : read(body, bodyType),
                readHeaders(row.getString("response_headers")), false).asReplay();
    }

    private static ProblemException inProgress() {
        return new ProblemException(ProblemType.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed; retry later");
    }

    private Uni<Integer> record(IdempotentRequest request, UUID token, IdempotentResponse<?> response) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RECORD)
                .setParameter("status", response.status())
                .setParameter("headers", write(response.headers()))
                .setParameter("body", response.body() == null ? null : write(response.body()))
                .setParameter("contentType", MediaType.APPLICATION_JSON)
                .setParameter("owner", request.owner())
                .setParameter("operation", request.operation())
                .setParameter("key", request.key())
                .setParameter("token", token)
                .executeUpdate())
                .invoke(updated -> {
                    if (updated != 1) {
                        // our lease ran out and another request took the key over: roll back rather than duplicate
                        throw inProgress();
                    }
                });
    }

    /**
     * Frees the key of a failed request, so that its retry runs at once. The failure may have been the database's
     * (a dropped connection, whose dead siblings the pool may still hand out): the release is tried a few times, and
     * otherwise the claim frees itself after its lease.
     */
    private Uni<Void> release(IdempotentRequest request, UUID token) {
        return Uni.createFrom().deferred(() -> pool.preparedQuery(RELEASE)
                .execute(Tuple.of(request.owner(), request.operation(), request.key(), token)))
                .onFailure().retry().withBackOff(RELEASE_BACKOFF).atMost(RELEASE_ATTEMPTS - 1)
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf(e, "Could not release idempotency key; it frees itself after %s", lease))
                .onFailure().recoverWithNull();
    }

    String fingerprint(IdempotentRequest request) {
        return Sha256.hex(request.operation() + "\n" + write(request.payload()));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt stored idempotent response body", e);
        }
    }

    private Map<String, String> readHeaders(String stored) {
        if (stored == null) {
            return Map.of();
        }
        try {
            return json.readValue(stored, HEADER_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt stored idempotent response headers", e);
        }
    }

    /** Forgets responses past their retention, so the table does not grow without bound. */
    @Scheduled(every = "${dnevnik.idempotency.purge-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return pool.query("DELETE FROM idempotency_keys WHERE expires_at < now()").execute()
                .invoke(rows -> LOG.debugf("Purged %d expired idempotency keys", rows.rowCount()))
                .replaceWithVoid();
    }
}
