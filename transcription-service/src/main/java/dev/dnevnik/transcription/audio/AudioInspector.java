package dev.dnevnik.transcription.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.hash.Sha256;
import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.transcription.provider.SpeechToTextConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Checks an upload before any provider sees it: present, not empty, within the size limit, and audio by its bytes.
 * Disk reads run on a worker thread, never on the event loop. A small file (a voice note) is read whole, once, and
 * kept for the provider call; a large one is only sniffed and later streamed from disk.
 */
@ApplicationScoped
public class AudioInspector {

    private final Vertx vertx;
    private final long maxBytes;

    public AudioInspector(Vertx vertx, SpeechToTextConfig config) {
        this.vertx = vertx;
        this.maxBytes = config.maxFileSize().asLongValue();
    }

    /** @param field the form field, for the problem's field name */
    public Uni<AudioFile> inspect(FileUpload upload, String field) {
        if (upload == null) {
            return Uni.createFrom().failure(ProblemException.validation(field, "an audio file is required"));
        }
        String name = upload.fileName() == null || upload.fileName().isBlank() ? field : upload.fileName();
        if (upload.size() == 0) {
            return Uni.createFrom().failure(ProblemException.validation(field, "the file '" + name + "' is empty"));
        }
        if (upload.size() > maxBytes) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The file '" + name + "' has " + upload.size() + " bytes; at most " + maxBytes + " are accepted"));
        }
        Path path = upload.uploadedFile();
        long size = upload.size();
        return blocking(() -> read(path, size)).map(read -> AudioFormat.detect(read.head())
                .map(format -> new AudioFile(path, size, format, read.content()))
                .orElseThrow(() -> new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The file '" + name
                        + "' is not audio in a supported format (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm);"
                        + " its content decides, not its name or declared type")));
    }

    /** SHA-256 of the whole file (files run to 25 MB), computed off the event loop in one go. */
    public Uni<String> sha256(AudioFile audio) {
        return blocking(() -> {
            if (audio.content() != null) {
                return Sha256.hex(audio.content().getBytes());
            }
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(audio.path()), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return Sha256.hex(digest);
        });
    }

    private record Read(byte[] head, Buffer content) {
    }

    /** The first bytes, and the whole file when it is small enough to keep in memory for the provider call. */
    private static Read read(Path path, long size) throws IOException {
        if (size <= AudioFile.IN_MEMORY_LIMIT) {
            byte[] all = Files.readAllBytes(path);
            return new Read(Arrays.copyOf(all, Math.min(all.length, AudioFormat.HEAD_BYTES)), Buffer.buffer(all));
        }
        try (InputStream in = Files.newInputStream(path)) {
            return new Read(in.readNBytes(AudioFormat.HEAD_BYTES), null);
        }
    }

    /**
     * Disk work as ONE task on a worker thread: a file read through Vert.x' asynchronous file system costs a hop to a
     * worker and back for every open, read and close, which dominated the CPU cost of a small upload.
     */
    private <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().completionStage(() -> vertx.getDelegate().executeBlocking(work, false)
                .toCompletionStage());
    }
}
