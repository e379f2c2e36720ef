package dev.dnevnik.jobs;

import java.util.Locale;

/** Where a job is in its life: {@code queued → running → succeeded | failed | cancelled}; a retry goes back to queued. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The state as stored and shown: lowercase. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** No more work will happen: the job's last event has been sent. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
