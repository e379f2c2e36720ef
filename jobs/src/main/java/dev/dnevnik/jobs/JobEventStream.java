package dev.dnevnik.jobs;

import java.time.Duration;
import java.util.UUID;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * A job's events for one client, in order: first those stored after the client's last seen event, then each new one
 * as its NOTIFY arrives (from whichever replica stored it), with a keep-alive tick in between, ending after the final
 * event. A client that connects after the job ended gets the events it missed, the final one included, and the end.
 */
final class JobEventStream {

    private final Vertx vertx;
    private final JobStore store;
    private final JobNotifications notifications;
    private final Duration keepAlive;
    private final Duration poll;

    /**
     * @param poll how often a stream also reads without being notified: the fallback for notifications missed while
     *        the LISTEN connection was (re)connecting
     */
    JobEventStream(Vertx vertx, JobStore store, JobNotifications notifications, Duration keepAlive, Duration poll) {
        this.vertx = vertx;
        this.store = store;
        this.notifications = notifications;
        this.keepAlive = keepAlive;
        this.poll = poll;
    }

    Multi<JobEvent> after(UUID jobId, int lastSeen) {
        return Multi.createFrom().emitter(emitter -> {
            Reader reader = new Reader(jobId, lastSeen, emitter);
            // listen before the first read, so that no event falls between the read and the listening
            Runnable unlisten = notifications.listen(jobId, reader::read);
            long keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), tick -> emitter.emit(JobEvent.KEEP_ALIVE));
            long pollTimer = vertx.setPeriodic(poll.toMillis(), tick -> reader.read());
            emitter.onTermination(() -> {
                unlisten.run();
                vertx.cancelTimer(keepAliveTimer);
                vertx.cancelTimer(pollTimer);
            });
            // from now on the job's events are announced; what was stored before, the first read finds
            store.watch(jobId).subscribe().with(watching -> reader.read(), emitter::fail);
        });
    }

    /** Reads what is new, one read at a time; a notification during a read causes one more read after it. */
    private final class Reader {
        private final UUID jobId;
        private final MultiEmitter<? super JobEvent> emitter;
        private int lastSent;
        private boolean reading;
        private boolean again;
        private boolean done;

        Reader(UUID jobId, int lastSeen, MultiEmitter<? super JobEvent> emitter) {
            this.jobId = jobId;
            this.lastSent = lastSeen;
            this.emitter = emitter;
        }

        void read() {
            synchronized (this) {
                if (done || emitter.isCancelled()) {
                    return;
                }
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
                again = false;
            }
            store.eventsAfter(jobId, lastSent).subscribe().with(events -> {
                boolean readAgain;
                synchronized (this) {
                    for (JobEvent event : events) {
                        emitter.emit(event);
                        lastSent = event.seq();
                        if (event.last()) {
                            done = true;
                            emitter.complete();
                            break;
                        }
                    }
                    reading = false;
                    // a full page means more is waiting
                    readAgain = !done && (again || events.size() >= 500);
                }
                if (readAgain) {
                    read();
                }
            }, failure -> {
                synchronized (this) {
                    done = true;
                }
                emitter.fail(failure);
            });
        }
    }
}
