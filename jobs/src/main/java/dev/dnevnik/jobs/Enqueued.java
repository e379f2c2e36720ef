package dev.dnevnik.jobs;

/**
 * What enqueueing did.
 *
 * @param job the new job, or the queued or running job that already holds the same kind and key
 * @param created false when {@code job} is that existing job
 */
public record Enqueued(Job job, boolean created) {
}
