package dev.dnevnik.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class SpeechToTextSimulatorTest {

    @Test
    void answersLikeAnOpenAiCompatibleProviderAndSaysItIsASimulator() throws Exception {
        SpeechToTextSimulator simulator = new SpeechToTextSimulator(Duration.ZERO, 0, 0);
        int port = simulator.start(0);
        try {
            HttpResponse<String> ok = post(port, "Bearer key", body("model", "whisper", true));
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("\"text\":\"" + SpeechToTextSimulator.TEXT + "\""));
            assertTrue(ok.body().contains("\"language\":\"english\""));
            assertTrue(ok.headers().firstValue("x-ratelimit-remaining-requests").isPresent());

            assertEquals(401, post(port, null, body("model", "whisper", true)).statusCode());
            HttpResponse<String> noFile = post(port, "Bearer key", body("model", "whisper", false));
            assertEquals(400, noFile.statusCode());
            assertTrue(noFile.body().startsWith("{\"error\":{\"message\":"));
        } finally {
            simulator.stop();
        }
    }

    @Test
    void injectsRateLimitsWithRetryAfter() throws Exception {
        SpeechToTextSimulator simulator = new SpeechToTextSimulator(Duration.ZERO, 0, 1.0);
        int port = simulator.start(0);
        try {
            HttpResponse<String> limited = post(port, "Bearer key", body("model", "whisper", true));
            assertEquals(429, limited.statusCode());
            assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
        } finally {
            simulator.stop();
        }
    }

    @Test
    void measuresWavDurationFromTheHeader() {
        byte[] header = new byte[44];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
        java.nio.ByteBuffer.wrap(header, 28, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16000);
        assertEquals(2.0, SpeechToTextSimulator.durationOf(header, 44 + 32000));
    }

    private static String body(String field, String value, boolean withFile) {
        String body = "--b\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n";
        if (withFile) {
            body += "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"audio.ogg\"\r\n"
                    + "Content-Type: audio/ogg\r\n\r\nOggS-not-really\r\n";
        }
        return body + "--b--\r\n";
    }

    private static HttpResponse<String> post(int port, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audio/transcriptions"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
