package dev.dnevnik.transcription.audio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The audio containers the speech-to-text providers accept, recognised by their leading bytes: a client's declared
 * content type is only a hint, the bytes decide. Providers pick the decoder from the file name, so each format has the
 * extension and media type we send it under.
 */
public enum AudioFormat {
    FLAC("flac", "audio/flac"),
    MP3("mp3", "audio/mpeg"),
    MP4("mp4", "audio/mp4"),
    M4A("m4a", "audio/mp4"),
    MPEG("mpeg", "audio/mpeg"),
    OGG("ogg", "audio/ogg"),
    WAV("wav", "audio/wav"),
    WEBM("webm", "audio/webm");

    /** Enough leading bytes to tell every format apart (WebM's DocType sits within the first header). */
    public static final int HEAD_BYTES = 64;

    private final String extension;
    private final String mediaType;

    AudioFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format of a file starting with {@code head}, if it is one the providers accept. */
    public static Optional<AudioFormat> detect(byte[] head) {
        if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (startsWith(head, 0, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (startsWith(head, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (startsWith(head, 0, "ID3")) {
            // an ID3 tag precedes MPEG audio frames; the tag itself says nothing more
            return Optional.of(MP3);
        }
        if (isMpegAudioFrame(head)) {
            return Optional.of(MP3);
        }
        if (startsWith(head, 0, new byte[] { 0x00, 0x00, 0x01, (byte) 0xBA })) {
            // MPEG program stream (.mpeg/.mpg) carrying audio
            return Optional.of(MPEG);
        }
        if (startsWith(head, 4, "ftyp")) {
            String brand = head.length >= 11 ? new String(head, 8, 3, StandardCharsets.ISO_8859_1) : "";
            return Optional.of(brand.equals("M4A") || brand.equals("M4B") ? M4A : MP4);
        }
        if (startsWith(head, 0, new byte[] { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3 }) && contains(head, "webm")) {
            return Optional.of(WEBM);
        }
        return Optional.empty();
    }

    /** MPEG-1/2/2.5 audio frame header: 11 sync bits, a valid version, layer, bitrate and sample rate. */
    private static boolean isMpegAudioFrame(byte[] head) {
        if (head.length < 4 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (head[1] >> 3) & 0x03;
        int layer = (head[1] >> 1) & 0x03;
        int bitrate = (head[2] >> 4) & 0x0F;
        int sampleRate = (head[2] >> 2) & 0x03;
        return version != 0x01 && layer != 0x00 && bitrate != 0x0F && sampleRate != 0x03;
    }

    private static boolean startsWith(byte[] head, int offset, String ascii) {
        return startsWith(head, offset, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] head, int offset, byte[] prefix) {
        return head.length >= offset + prefix.length
                && Arrays.equals(head, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean contains(byte[] head, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= head.length; i++) {
            if (Arrays.equals(head, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
