package dev.dnevnik.transcription.audio;

/** Lets tests outside the package size their files around the in-memory limit. */
public final class AudioInspectorLimits {

    private AudioInspectorLimits() {
    }

    public static long inMemoryLimit() {
        return AudioInspector.IN_MEMORY_LIMIT;
    }
}
