package dev.dnevnik.devtools;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * A SIMULATED speech-to-text provider speaking the OpenAI-compatible API ({@code POST /v1/audio/transcriptions},
 * multipart, {@code verbose_json}), for demos and benchmarks without a real provider. It recognises nothing: every
 * transcript says it came from this simulator. Latency, error rate and 429 rate are configurable. It runs on one
 * Vert.x event loop and waits on timers, so hundreds of requests in flight cost it next to nothing and a benchmark
 * measures the service, not the simulator.
 */
public final class SpeechToTextSimulator {

    public static final String TEXT = "[simulated] This transcript was produced by the Dnevnik speech-to-text "
            + "simulator, not by a speech recognition model.";
    private static final String PATH = "/v1/audio/transcriptions";
    private static final long MAX_FILE = 26L * 1024 * 1024;
    private static final int WAV_HEADER = 44;

    private final long latencyMillis;
    private final double errorRate;
    private final double rateLimitRate;
    private final AtomicLong served = new AtomicLong();
    private Vertx vertx;
    private HttpServer server;

    public SpeechToTextSimulator(Duration latency, double errorRate, double rateLimitRate) {
        this.latencyMillis = latency.toMillis();
        this.errorRate = errorRate;
        this.rateLimitRate = rateLimitRate;
    }

    /** Starts serving on 127.0.0.1; the provider base URL is {@code http://127.0.0.1:<port>/v1}. */
    public int start(int port) throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setAcceptBacklog(4096).setMaxFormAttributeSize(64 * 1024))
                .requestHandler(this::handle);
        return server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    }

    /** Transcriptions answered so far (what a provider would have billed). */
    public long served() {
        return served.get();
    }

    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** What arrived in the upload's file part: its size, and the start of it (WAV duration lives in the header). */
    private static final class Upload {
        long bytes;
        boolean present;
        final Buffer head = Buffer.buffer(WAV_HEADER);
    }

    private void handle(HttpServerRequest request) {
        if (!PATH.equals(request.path())) {
            error(request, 404, "Unknown request URL: " + request.path(), "invalid_request_error", "unknown_url");
            return;
        }
        if (!"POST".equals(request.method().name())) {
            error(request, 405, "Only POST is supported", "invalid_request_error", "method_not_allowed");
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            error(request, 401, "Invalid API Key", "invalid_request_error", "invalid_api_key");
            return;
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            error(request, 400, "request must be multipart/form-data", "invalid_request_error", null);
            return;
        }
        Upload upload = new Upload();
        request.setExpectMultipart(true);
        request.uploadHandler(file -> {
            if (!"file".equals(file.name())) {
                file.handler(ignored -> { });
                return;
            }
            upload.present = true;
            file.handler(chunk -> {
                upload.bytes += chunk.length();
                int missing = WAV_HEADER - upload.head.length();
                if (missing > 0) {
                    upload.head.appendBuffer(chunk, 0, Math.min(missing, chunk.length()));
                }
            });
        });
        request.exceptionHandler(ignored -> { });
        request.endHandler(ignored -> respond(request, upload, request.formAttributes()));
    }

    private void respond(HttpServerRequest request, Upload upload, MultiMap form) {
        if (upload.bytes > MAX_FILE) {
            error(request, 413, "Request Entity Too Large", "invalid_request_error", "request_too_large");
            return;
        }
        if (!upload.present || upload.bytes == 0 || form.get("model") == null) {
            error(request, 400, "file and model are required", "invalid_request_error", null);
            return;
        }
        double dice = ThreadLocalRandom.current().nextDouble();
        if (dice < rateLimitRate) {
            request.response().putHeader("retry-after", "1");
            error(request, 429, "Rate limit reached for model (simulated)", "requests", "rate_limit_exceeded");
            return;
        }
        if (dice < rateLimitRate + errorRate) {
            error(request, 500, "Internal server error (simulated)", "internal_server_error", null);
            return;
        }
        double duration = durationOf(upload.head.getBytes(), upload.bytes);
        String language = form.get("language") == null ? "en" : form.get("language").strip();
        String json = "{\"task\":\"transcribe\",\"language\":\"" + languageName(language) + "\",\"duration\":"
                + duration + ",\"text\":\"" + TEXT + "\",\"segments\":[{\"id\":0,\"seek\":0,\"start\":0.0,\"end\":"
                + duration + ",\"text\":\" " + TEXT + "\",\"tokens\":[],\"temperature\":0.0,\"avg_logprob\":-0.1,"
                + "\"compression_ratio\":1.0,\"no_speech_prob\":0.0}],\"x_groq\":{\"id\":\"req_sim_"
                + UUID.randomUUID() + "\"}}";
        Runnable answer = () -> {
            long count = served.incrementAndGet();
            request.response()
                    .putHeader("x-ratelimit-limit-requests", "100000")
                    .putHeader("x-ratelimit-remaining-requests", Long.toString(Math.max(0, 100000 - count)))
                    .putHeader("x-ratelimit-reset-requests", "1m0s");
            send(request, 200, json);
        };
        if (latencyMillis > 0) {
            vertx.setTimer(latencyMillis, ignored -> answer.run());
        } else {
            answer.run();
        }
    }

    /** WAV: exact, from the header's byte rate; other formats: an estimate at 24 kbit/s. */
    static double durationOf(byte[] head, long totalBytes) {
        if (head.length >= WAV_HEADER && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F') {
            int byteRate = ByteBuffer.wrap(head, 28, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (byteRate > 0) {
                return Math.round((totalBytes - WAV_HEADER) * 1000.0 / byteRate) / 1000.0;
            }
        }
        return Math.round(totalBytes * 1000.0 / 3000) / 1000.0;
    }

    private static String languageName(String code) {
        String name = Locale.of(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
        return name.isBlank() || name.equals(code) ? "english" : name;
    }

    private static void error(HttpServerRequest request, int status, String message, String type, String code) {
        send(request, status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    private static void send(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
