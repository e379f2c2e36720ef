package dev.dnevnik.transcription.audio;

import java.nio.file.Path;

/**
 * An uploaded audio file that passed inspection: not empty, within the size limit, in a format the providers accept.
 * It lives in the HTTP layer's upload directory and is deleted when the request ends.
 *
 * @param clientFileName the name the client gave it, for messages and batch results only
 */
public record AudioFile(Path path, String clientFileName, long sizeBytes, AudioFormat format) {

    /** The name we send it to a provider under: providers choose the decoder by extension. */
    public String uploadName() {
        return "audio." + format.extension();
    }
}
