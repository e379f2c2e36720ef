package dev.dnevnik.jobs;

/**
 * A failure of a job's work with a reason fit for the job's status and its final event (no stack traces, no
 * secrets). A permanent failure is not retried.
 */
public class JobFailure extends RuntimeException {

    private final boolean permanent;

    private JobFailure(String reason, boolean permanent, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    /** Worth another attempt later. */
    public static JobFailure retryable(String reason) {
        return new JobFailure(reason, false, null);
    }

    /** Another attempt would fail the same way. */
    public static JobFailure permanent(String reason) {
        return new JobFailure(reason, true, null);
    }

    public boolean permanent() {
        return permanent;
    }
}
