package dev.dnevnik.transcription.audio;

import java.nio.file.Path;

import io.vertx.core.buffer.Buffer;

/**
 * An uploaded audio file that passed inspection: not empty, within the size limit, in a format the providers accept.
 * It lives in the HTTP layer's upload directory and is deleted when the request ends.
 *
 * @param content the whole file when it is small (a voice note): sent to providers from memory, read from disk once;
 *        null for larger files, which are streamed from {@code path}
 */
public record AudioFile(Path path, long sizeBytes, AudioFormat format, Buffer content) {

    /** Up to this size a file is kept in memory (a voice note): 256 calls in flight hold at most 128 MB. */
    public static final long IN_MEMORY_LIMIT = 512 * 1024;

    /** The name we send it to a provider under: providers choose the decoder by extension. */
    public String uploadName() {
        return "audio." + format.extension();
    }
}
