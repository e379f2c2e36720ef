package dev.dnevnik.jobs;

/**
 * The names the jobs module gives the lifecycle events of a kind of job; handlers send their own events (such as
 * {@code progress}) between {@code running} and the final one.
 */
public record JobEventNames(String queued, String running, String retrying, String succeeded, String failed,
        String cancelled) {

    public static final JobEventNames DEFAULT = new JobEventNames("queued", "running", "retrying", "succeeded",
            "failed", "cancelled");
}
