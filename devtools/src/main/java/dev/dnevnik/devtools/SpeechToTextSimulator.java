package dev.dnevnik.devtools;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A SIMULATED speech-to-text provider speaking the OpenAI-compatible API ({@code POST /v1/audio/transcriptions},
 * multipart, {@code verbose_json}), for demos and benchmarks without a real provider. It recognises nothing: every
 * transcript says it came from this simulator. Latency, error rate and 429 rate are configurable; each request is
 * served on its own virtual thread, so hundreds can wait at once.
 */
public final class SpeechToTextSimulator {

    public static final String TEXT = "[simulated] This transcript was produced by the Dnevnik speech-to-text "
            + "simulator, not by a speech recognition model.";
    private static final int MAX_BODY = 26 * 1024 * 1024;

    private final Duration latency;
    private final double errorRate;
    private final double rateLimitRate;
    private final AtomicLong served = new AtomicLong();
    private HttpServer server;

    public SpeechToTextSimulator(Duration latency, double errorRate, double rateLimitRate) {
        this.latency = latency;
        this.errorRate = errorRate;
        this.rateLimitRate = rateLimitRate;
    }

    /** Starts serving on 127.0.0.1; the provider base URL is {@code http://127.0.0.1:<port>/v1}. */
    public int start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.createContext("/v1/audio/transcriptions", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "Only POST is supported", "invalid_request_error", "method_not_allowed");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
                error(exchange, 401, "Invalid API Key", "invalid_request_error", "invalid_api_key");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String boundary = boundaryOf(contentType);
            if (boundary == null) {
                error(exchange, 400, "request must be multipart/form-data", "invalid_request_error", null);
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                error(exchange, 413, "Request Entity Too Large", "invalid_request_error", "request_too_large");
                return;
            }
            Map<String, Part> parts = parseMultipart(body, boundary);
            Part file = parts.get("file");
            if (file == null || file.content.length == 0 || parts.get("model") == null) {
                error(exchange, 400, "file and model are required", "invalid_request_error", null);
                return;
            }
            double dice = ThreadLocalRandom.current().nextDouble();
            if (dice < rateLimitRate) {
                exchange.getResponseHeaders().add("retry-after", "1");
                error(exchange, 429, "Rate limit reached for model (simulated)", "requests", "rate_limit_exceeded");
                return;
            }
            if (dice < rateLimitRate + errorRate) {
                error(exchange, 500, "Internal server error (simulated)", "internal_server_error", null);
                return;
            }
            Thread.sleep(latency);
            double duration = durationOf(file.content);
            String language = parts.containsKey("language") ? parts.get("language").text() : "en";
            String json = "{\"task\":\"transcribe\",\"language\":\"" + languageName(language) + "\",\"duration\":"
                    + duration + ",\"text\":\"" + TEXT + "\",\"segments\":[{\"id\":0,\"seek\":0,\"start\":0.0,\"end\":"
                    + duration + ",\"text\":\" " + TEXT + "\",\"tokens\":[],\"temperature\":0.0,\"avg_logprob\":-0.1,"
                    + "\"compression_ratio\":1.0,\"no_speech_prob\":0.0}],\"x_groq\":{\"id\":\"req_sim_"
                    + UUID.randomUUID() + "\"}}";
            long count = served.incrementAndGet();
            exchange.getResponseHeaders().add("x-ratelimit-limit-requests", "100000");
            exchange.getResponseHeaders().add("x-ratelimit-remaining-requests", Long.toString(Math.max(0, 100000 - count)));
            exchange.getResponseHeaders().add("x-ratelimit-reset-requests", "1m0s");
            send(exchange, 200, json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Part(String fileName, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8).strip();
        }
    }

    private static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length());
                return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    /** Just enough multipart parsing to find the named parts; the content is kept as bytes. */
    static Map<String, Part> parseMultipart(byte[] body, String boundary) {
        Map<String, Part> parts = new HashMap<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = indexOf(body, delimiter, 0);
        while (position >= 0) {
            int headersStart = position + delimiter.length;
            if (headersStart + 2 <= body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                break;
            }
            int contentEnd = next - 2; // the CRLF before the delimiter
            String name = attribute(headers, "name");
            if (name != null && contentEnd >= contentStart) {
                byte[] content = new byte[contentEnd - contentStart];
                System.arraycopy(body, contentStart, content, 0, content.length);
                parts.put(name, new Part(attribute(headers, "filename"), content));
            }
            position = next;
        }
        return parts;
    }

    private static String attribute(String headers, String attribute) {
        String marker = attribute + "=\"";
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition")) {
                int start = line.indexOf("; " + marker);
                if (start >= 0) {
                    int valueStart = start + 2 + marker.length();
                    int end = line.indexOf('"', valueStart);
                    return end < 0 ? null : line.substring(valueStart, end);
                }
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** WAV: exact, from the header; other formats: an estimate at 24 kbit/s. */
    static double durationOf(byte[] audio) {
        if (audio.length > 44 && new String(audio, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")) {
            int byteRate = ByteBuffer.wrap(audio, 28, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (byteRate > 0) {
                return Math.round((audio.length - 44) * 1000.0 / byteRate) / 1000.0;
            }
        }
        return Math.round(audio.length * 1000.0 / 3000) / 1000.0;
    }

    private static String languageName(String code) {
        String name = Locale.of(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
        return name.isBlank() || name.equals(code) ? "english" : name;
    }

    private static void error(HttpExchange exchange, int status, String message, String type, String code)
            throws IOException {
        send(exchange, status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
