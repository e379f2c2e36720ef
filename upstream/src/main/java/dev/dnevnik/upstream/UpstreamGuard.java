package dev.dnevnik.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * The one way Dnevnik calls another system: a guard per upstream (a provider, a service behind the gateway, a feed
 * host, a partner API), built from its {@link UpstreamPolicy}, that every call to that upstream goes through.
 * <ul>
 * <li>retries with exponential backoff and jitter, only for the failures the upstream's classification calls
 * retryable, waiting exactly as long as a {@code Retry-After} asks (a longer wait than the policy allows is not
 * retried);</li>
 * <li>a circuit breaker counting only the failures that speak against the upstream's health, so that a failing
 * upstream is answered for at once instead of being waited on;</li>
 * <li>optionally a timeout per attempt and a bulkhead capping calls in flight, with a bounded queue.</li>
 * </ul>
 * The calls are non-blocking and stay on the caller's event loop. What each outcome means for the client is the
 * caller's business (each upstream has its own failure classification); the guard reports its state through the
 * listeners, which the caller turns into metrics.
 */
public final class UpstreamGuard {

    private static final TypeLiteral<Uni<Object>> ASYNC = new TypeLiteral<>() {
    };

    private final Duration openDelay;
    private final Guard guard;

    private UpstreamGuard(Duration openDelay, Guard guard) {
        this.openDelay = openDelay;
        this.guard = guard;
    }

    public static Builder builder(String name, UpstreamPolicy policy) {
        return new Builder(name, policy);
    }

    /** How long an open circuit stays open: what callers are told to wait meanwhile. */
    public Duration openDelay() {
        return openDelay;
    }

    /**
     * Runs {@code attempt} under the guard. The supplier is called once per attempt, so every retry sends a fresh
     * request. Calls of different result types share the guard's one circuit breaker.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(Supplier<Uni<T>> attempt) {
        Supplier<Uni<Object>> erased = (Supplier<Uni<Object>>) (Supplier<?>) attempt;
        return (Uni<T>) (Uni<?>) guard.get(erased, ASYNC);
    }

    public static final class Builder {

        private final String name;
        private final UpstreamPolicy policy;
        private Predicate<Throwable> retryable = failure -> false;
        private Predicate<Throwable> countsAgainst = failure -> true;
        private Function<Throwable, Duration> retryAfter = failure -> null;
        private BiConsumer<Throwable, Duration> onRetry = (cause, delay) -> {
        };
        private Consumer<CircuitBreakerState> onCircuitChange = state -> {
        };
        private boolean timeoutPerAttempt;
        private int bulkheadLimit;
        private int bulkheadQueue;
        private Runnable onBulkheadRejected = () -> {
        };

        private Builder(String name, UpstreamPolicy policy) {
            this.name = name;
            this.policy = policy;
        }

        /** Which failures are worth another attempt (never is the default). */
        public Builder retryWhen(Predicate<Throwable> retryable) {
            this.retryable = retryable;
            return this;
        }

        /** Which failures count against the upstream's circuit (all is the default). */
        public Builder countAgainstUpstreamWhen(Predicate<Throwable> countsAgainst) {
            this.countsAgainst = countsAgainst;
            return this;
        }

        /**
         * How long a failure asks to wait before the next attempt (its {@code Retry-After}), or null. A failure asking
         * for more than the policy's {@code longest-retry-after} is not retried.
         */
        public Builder retryAfter(Function<Throwable, Duration> retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Called before each retry with its cause and the delay chosen. */
        public Builder onRetry(BiConsumer<Throwable, Duration> onRetry) {
            this.onRetry = onRetry;
            return this;
        }

        public Builder onCircuitChange(Consumer<CircuitBreakerState> onCircuitChange) {
            this.onCircuitChange = onCircuitChange;
            return this;
        }

        /**
         * Ends each attempt after the policy's timeout, counting time spent queued in the bulkhead. Callers whose
         * attempts time out by themselves (a client's own read timeout, a timer on the event loop) leave it off.
         */
        public Builder timeoutPerAttempt() {
            this.timeoutPerAttempt = true;
            return this;
        }

        /** At most {@code limit} calls in flight and {@code queue} waiting; beyond that a call fails at once. */
        public Builder bulkhead(int limit, int queue, Runnable onRejected) {
            this.bulkheadLimit = limit;
            this.bulkheadQueue = queue;
            this.onBulkheadRejected = onRejected;
            return this;
        }

        public UpstreamGuard build() {
            UpstreamPolicy.Retry retry = policy.retry();
            UpstreamPolicy.CircuitBreaker breaker = policy.circuitBreaker();
            Duration longestRetryAfter = retry.longestRetryAfter();
            Function<Throwable, Duration> askedWait = retryAfter;
            long attemptMillis = policy.timeout().toMillis() + retry.maxBackoff().toMillis()
                    + longestRetryAfter.toMillis();
            Guard.Builder guard = Guard.create()
                    .withDescription("upstream " + name)
                    // the calls are non-blocking: run them on the caller's event loop, not on a worker thread
                    .withThreadOffload(false)
                    .withRetry()
                    .maxRetries(retry.maxRetries())
                    .maxDuration((retry.maxRetries() + 1L) * attemptMillis, ChronoUnit.MILLIS)
                    .whenException(failure -> {
                        if (!retryable.test(failure)) {
                            return false;
                        }
                        Duration asked = askedWait.apply(failure);
                        return asked == null || asked.compareTo(longestRetryAfter) <= 0;
                    })
                    .withCustomBackoff()
                    .strategy(() -> new RetryAfterBackoff(retry.initialBackoff(), retry.maxBackoff(), askedWait) {
                        @Override
                        public long nextDelayInMillis(Throwable cause) {
                            long delay = super.nextDelayInMillis(cause);
                            onRetry.accept(cause, Duration.ofMillis(delay));
                            return delay;
                        }
                    })
                    .done()
                    .done()
                    .withCircuitBreaker()
                    .name("upstream-" + name)
                    .when(countsAgainst)
                    .requestVolumeThreshold(breaker.requestVolume())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .onStateChange(onCircuitChange)
                    .done();
            if (timeoutPerAttempt) {
                guard.withTimeout().duration(policy.timeout().toMillis(), ChronoUnit.MILLIS).done();
            }
            if (bulkheadLimit > 0) {
                guard.withBulkhead().limit(bulkheadLimit).queueSize(bulkheadQueue).onRejected(onBulkheadRejected)
                        .done();
            }
            return new UpstreamGuard(breaker.delay(), guard.build());
        }
    }
}
