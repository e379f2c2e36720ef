package dev.dnevnik.transcription.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.dnevnik.transcription.TranscriptionTestSupport;

class AudioFormatTest {

    @ParameterizedTest
    @CsvSource({ "speech-3s.wav, WAV", "speech.flac, FLAC", "speech.ogg, OGG", "speech.webm, WEBM", "speech.mp3, MP3",
            "speech.m4a, M4A", "speech.mp4, MP4" })
    void recognisesRealRecordingsByTheirLeadingBytes(String clip, AudioFormat expected) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(TranscriptionTestSupport.clip(clip))) {
            assertEquals(Optional.of(expected), AudioFormat.detect(in.readNBytes(AudioFormat.HEAD_BYTES)));
        }
    }

    @Test
    void recognisesBareMpegAudioFramesAndProgramStreams() {
        // MPEG-1 layer III frame header, 128 kbit/s, 44.1 kHz: FF FB 90 64
        assertEquals(Optional.of(AudioFormat.MP3), AudioFormat.detect(new byte[] { (byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64 }));
        assertEquals(Optional.of(AudioFormat.MPEG), AudioFormat.detect(new byte[] { 0, 0, 1, (byte) 0xBA, 0x44 }));
    }

    @Test
    void refusesEverythingElse() {
        for (byte[] head : new byte[][] {
                "hello, this is text".getBytes(StandardCharsets.UTF_8),
                "RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1),
                { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A },
                { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 'm', 'a', 't', 'r', 'o', 's', 'k', 'a' },
                // sync bits but a reserved MPEG version and bitrate index 15: not a frame
                { (byte) 0xFF, (byte) 0xE8, (byte) 0xF0, 0x00 },
                {} }) {
            assertTrue(AudioFormat.detect(head).isEmpty(), new String(head, StandardCharsets.ISO_8859_1));
        }
    }
}
