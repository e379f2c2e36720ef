package dev.dnevnik.sync.source;

/**
 * Where a source's secrets come from: their values are read by environment-variable name when a run starts, and are
 * never stored, returned or logged. Tests replace the bean.
 */
public interface Secrets {

    /** The variable's value, or null when it is not set. */
    String value(String name);
}
