package dev.dnevnik.transcription.audio;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;
import dev.dnevnik.transcription.provider.SpeechToTextConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Checks an upload before any provider sees it: present, not empty, within the size limit, and audio by its bytes.
 * Reads only the first bytes, through Vert.x's asynchronous file system, so the event loop never blocks on disk.
 */
@ApplicationScoped
public class AudioInspector {

    private final Vertx vertx;
    private final long maxBytes;

    public AudioInspector(Vertx vertx, SpeechToTextConfig config) {
        this.vertx = vertx;
        this.maxBytes = config.maxFileSize().asLongValue();
    }

    public long maxBytes() {
        return maxBytes;
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
        return readHead(path).map(head -> AudioFormat.detect(head)
                .map(format -> new AudioFile(path, name, upload.size(), format))
                .orElseThrow(() -> new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The file '" + name
                        + "' is not audio in a supported format (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm);"
                        + " its content decides, not its name or declared type")));
    }

    /** SHA-256 of the whole file, streamed through Vert.x's asynchronous file system (files run to 25 MB). */
    public Uni<String> sha256(AudioFile audio) {
        return vertx.fileSystem().open(audio.path().toString(), new OpenOptions().setRead(true))
                .flatMap(file -> file.toMulti()
                        .collect().in(AudioInspector::newSha256, (digest, chunk) -> digest.update(chunk.getBytes()))
                        .map(digest -> HexFormat.of().formatHex(digest.digest()))
                        .eventually(file::close));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private Uni<byte[]> readHead(Path path) {
        return vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true))
                .flatMap(file -> file.read(Buffer.buffer(AudioFormat.HEAD_BYTES), 0, 0, AudioFormat.HEAD_BYTES)
                        .map(Buffer::getBytes)
                        .eventually(file::close));
    }
}
