package dev.dnevnik.common.http;

/**
 * The largest request body accepted on a path. Each service configures its own (see {@link ConfiguredBodyLimits});
 * the gateway takes them from its route table.
 */
public interface RequestBodyLimits {

    long maxBytes(String path);

    /** Whether bodies sent to this path stream on untouched (the gateway's forwarded routes), never read ahead. */
    default boolean streamsThrough(String path) {
        return false;
    }
}
