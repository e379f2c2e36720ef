package dev.dnevnik.transcription.provider;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link ProviderStub} for a packaged transcription-service ({@code @QuarkusIntegrationTest}), which runs in the
 * production profile: besides the two stubbed providers it gives the protections short settings, so that retries,
 * failover and the circuit can be provoked quickly, and small upload limits.
 *
 * <p>
 * The circuit opens only after {@value #CIRCUIT_VOLUME} failed calls in a row (failure ratio 1.0): one request whose
 * three attempts all fail opens it, whatever calls came before, while the single 429 of a retried request never
 * does. The packaged service cannot be reached to close a circuit again, and it stays open for the rest of the run:
 * a test that opens one runs last.
 */
public class PackagedProviderStub extends ProviderStub {

    public static final int CIRCUIT_VOLUME = 3;
    /** Largest file accepted, and largest single-upload request (the file plus its form). */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    public static final int MAX_UPLOAD_BYTES = 1100 * 1024;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("dnevnik.stt.timeout", "5s");
        config.put("dnevnik.stt.retry.initial-backoff", "50ms");
        config.put("dnevnik.stt.retry.max-backoff", "200ms");
        config.put("dnevnik.stt.circuit-breaker.request-volume", Integer.toString(CIRCUIT_VOLUME));
        config.put("dnevnik.stt.circuit-breaker.failure-ratio", "1.0");
        config.put("dnevnik.stt.circuit-breaker.delay", "120s");
        config.put("dnevnik.stt.max-file-size", Integer.toString(MAX_FILE_BYTES));
        config.put("dnevnik.http.max-body-size-by-path.\"/transcriptions\"", Integer.toString(MAX_UPLOAD_BYTES));
        return config;
    }
}
