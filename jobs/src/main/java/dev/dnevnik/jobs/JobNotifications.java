package dev.dnevnik.jobs;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * This replica's one LISTEN connection: wake-ups for the worker, stop requests for running jobs, and new events for
 * the SSE streams open here, whichever replica wrote them. A lost connection is re-established; whatever was missed
 * meanwhile is caught up by the pollers (the worker's poll, the streams' keep-alive re-reads), told by
 * {@code onReconnect}.
 */
final class JobNotifications {

    private static final Logger LOG = Logger.getLogger(JobNotifications.class);

    private final PgSubscriber subscriber;
    private final Map<UUID, Set<Runnable>> eventListeners = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> onWakeUp = kind -> {
    };
    private volatile Consumer<UUID> onCancel = id -> {
    };

    JobNotifications(Vertx vertx, PgConnectOptions options) {
        this.subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(retries -> 1000L);
        subscriber.channel(JobStore.WAKE_UP).handler(kind -> onWakeUp.accept(kind));
        subscriber.channel(JobStore.CANCEL).handler(id -> parse(id, onCancel));
        subscriber.channel(JobStore.EVENTS).handler(this::eventStored);
        // on every (re)connection: what was said while we were not listening is caught up by re-reading
        subscriber.channel(JobStore.EVENTS).subscribeHandler(() -> {
            reconnectListeners.forEach(Runnable::run);
            eventListeners.values().forEach(listeners -> listeners.forEach(Runnable::run));
        });
    }

    void start() {
        subscriber.connect().subscribe().with(
                ignored -> LOG.debug("Listening for job notifications"),
                failure -> LOG.warnf("Cannot listen for job notifications yet (%s); polling meanwhile",
                        failure.getMessage()));
    }

    void stop() {
        subscriber.close().subscribe().with(ignored -> {
        }, failure -> {
        });
    }

    void onWakeUp(Consumer<String> handler) {
        this.onWakeUp = handler;
    }

    void onCancel(Consumer<UUID> handler) {
        this.onCancel = handler;
    }

    void onReconnect(Runnable handler) {
        reconnectListeners.add(handler);
    }

    /** Calls {@code listener} whenever an event of the job is stored; the returned action stops that. */
    Runnable listen(UUID jobId, Runnable listener) {
        eventListeners.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> eventListeners.computeIfPresent(jobId, (id, listeners) -> {
            listeners.remove(listener);
            return listeners.isEmpty() ? null : listeners;
        });
    }

    private void eventStored(String payload) {
        int colon = payload.indexOf(':');
        parse(colon < 0 ? payload : payload.substring(0, colon), id -> {
            Set<Runnable> listeners = eventListeners.get(id);
            if (listeners != null) {
                listeners.forEach(Runnable::run);
            }
        });
    }

    private static void parse(String id, Consumer<UUID> then) {
        try {
            then.accept(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            LOG.debugf("Ignoring a job notification that names no job: %s", id);
        }
    }
}
