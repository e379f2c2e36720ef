package dev.dnevnik.gateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import dev.dnevnik.devtools.PgServer;
import dev.dnevnik.devtools.SpeechToTextSimulator;
import dev.dnevnik.gateway.auth.TelegramInitDataBuilder;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestKeysResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real platform behind the packaged gateway: diary-service, transcription-service, news-service and sync-service as built by
 * this reactor (their runnable jars, each in its own JVM, or their native executables when the gateway is native; each
 * with its own database), and the speech-to-text simulator in
 * place of Groq. news-service has no chat model (no key: its digests are extractive) and may fetch feeds from
 * loopback, where the tests serve them. The gateway under test is given their addresses and the test key pair. The
 * services must have been packaged first, which the reactor order guarantees for {@code ./mvnw verify}.
 */
public class RealServices implements QuarkusTestResourceLifecycleManager {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /**
     * How long the gateway waits for news-service's answer to begin (shorter than in production, so that a test can
     * keep a stream open for longer at little cost); news-service sends a keep-alive comment on its streams every
     * {@link #NEWS_KEEP_ALIVE}.
     */
    static final Duration NEWS_TIMEOUT = Duration.ofSeconds(5);
    static final Duration NEWS_KEEP_ALIVE = Duration.ofSeconds(1);

    static String diaryUrl;
    static String transcriptionUrl;
    static String newsUrl;
    static String syncUrl;

    /** The environment variables sync-service reads a partner source's Basic credentials from, and their values. */
    static final String PARTNER_USER_ENV = "E2E_PARTNER_USER";
    static final String PARTNER_PASSWORD_ENV = "E2E_PARTNER_PASSWORD";
    static final String PARTNER_USER = "e2e-partner";
    static final String PARTNER_PASSWORD = "e2e-partner-secret";
    /** The speech-to-text stand-in, to count what a provider would have billed. */
    static SpeechToTextSimulator simulator;
    /** diary-service's database, for tests that make it fail the way PostgreSQL does in a restart. */
    static PgServer postgres;
    static String diaryDatabase;
    /** news-service's database, for tests that hold its work back to watch a job's events arrive live. */
    static String newsDatabase;

    private final List<Process> processes = new ArrayList<>();
    private final Set<Integer> givenPorts = new HashSet<>();
    private final List<String> databases = new ArrayList<>();
    private Path workDir;

    @Override
    public Map<String, String> start() {
        try {
            workDir = Files.createTempDirectory("dnevnik-e2e");
            Path publicKey = TestKeysResource.publicKeyIn(workDir);
            Path privateKey = TestKeysResource.privateKeyIn(workDir);
            postgres = PostgresTestResource.server();
            simulator = new SpeechToTextSimulator(Duration.ofMillis(300), 0, 0);
            int simulatorPort = simulator.start(0);

            Map<String, String> common = Map.of("JWT_PUBLIC_KEY_LOCATION", publicKey.toString(), "LOG_JSON", "false",
                    "DB_HOST", postgres.host(), "DB_PORT", Integer.toString(postgres.port()),
                    "DB_USER", postgres.user(), "DB_PASSWORD", postgres.password());
            int diaryPort = freePort();
            diaryDatabase = database("diary");
            launch("diary-service", diaryPort, diaryDatabase, common, Map.of());
            int transcriptionPort = freePort();
            launch("transcription-service", transcriptionPort, database("transcription"), common, Map.of(
                    "STT_PRIMARY_BASE_URL", "http://127.0.0.1:" + simulatorPort + "/v1",
                    "STT_PRIMARY_API_KEY", "simulator", "STT_PRIMARY_NAME", "simulator"));
            int newsPort = freePort();
            newsDatabase = database("news");
            Map<String, String> news = new HashMap<>();
            // the tests' feeds are served from loopback, which the SSRF guard refuses unless allow-listed
            news.put("FEEDS_ALLOWED_PRIVATE_NETWORKS", "127.0.0.0/8,::1/128");
            news.put("JOBS_POLL_INTERVAL", "500ms");
            news.put("DNEVNIK_JOBS_KEEP_ALIVE", NEWS_KEEP_ALIVE.toMillis() + "ms");
            launch("news-service", newsPort, newsDatabase, common, news, "LLM_API_KEY", "GROQ_API_KEY");
            int syncPort = freePort();
            // a source's secrets are named by environment variable: these are the partner stand-in's credentials
            launch("sync-service", syncPort, database("sync"), common,
                    Map.of(PARTNER_USER_ENV, PARTNER_USER, PARTNER_PASSWORD_ENV, PARTNER_PASSWORD));
            diaryUrl = "http://localhost:" + diaryPort;
            transcriptionUrl = "http://localhost:" + transcriptionPort;
            newsUrl = "http://localhost:" + newsPort;
            syncUrl = "http://localhost:" + syncPort;
            awaitReady(diaryUrl);
            awaitReady(transcriptionUrl);
            awaitReady(newsUrl);
            awaitReady(syncUrl);

            String gatewayDatabase = database("gateway");
            Map<String, String> gateway = new HashMap<>();
            gateway.put("quarkus.datasource.username", postgres.user());
            gateway.put("quarkus.datasource.password", postgres.password());
            gateway.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(gatewayDatabase));
            gateway.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(gatewayDatabase));
            gateway.put("dnevnik.gateway.services.diary.url", diaryUrl);
            gateway.put("dnevnik.gateway.services.transcription.url", transcriptionUrl);
            gateway.put("dnevnik.gateway.services.news.url", newsUrl);
            gateway.put("dnevnik.gateway.services.news.timeout", NEWS_TIMEOUT.toMillis() + "ms");
            gateway.put("dnevnik.gateway.services.sync.url", syncUrl);
            gateway.put("mp.jwt.verify.publickey.location", publicKey.toString());
            gateway.put("smallrye.jwt.sign.key.location", privateKey.toString());
            gateway.put("dnevnik.gateway.dev-login", "true");
            gateway.put("dnevnik.gateway.telegram.bot-token", TelegramInitDataBuilder.BOT_TOKEN);
            gateway.put("quarkus.log.console.json.enabled", "false");
            return gateway;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Could not start the services behind the gateway: " + e.getMessage(), e);
        }
    }

    private String database(String service) throws Exception {
        String name = (service + "_e2e_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        postgres.createDatabaseIfMissing(name);
        databases.add(name);
        return name;
    }

    /** @param unset variables of this JVM's environment the service must not inherit (e.g. a provider's key) */
    private void launch(String module, int port, String database, Map<String, String> common,
            Map<String, String> extra, String... unset) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(module))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(module + ".log").toFile());
        for (String variable : unset) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(common);
        builder.environment().putAll(extra);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("DB_NAME", database);
        processes.add(builder.start());
    }

    /**
     * How to start a service as the reactor last built it: its native executable when the gateway under test is
     * native ({@code ./mvnw verify -Dnative}), else its runnable jar on this JVM's java. The two never mix: a native
     * gateway in front of JVM services would not test the native platform.
     */
    static List<String> command(String module) throws IOException {
        String flavour = artifact(Path.of("target")).getProperty("type");
        Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
        Properties built = artifact(target);
        if (!flavour.equals(built.getProperty("type"))) {
            throw new IllegalStateException(module + " was last built as " + built.getProperty("type")
                    + " but the gateway under test is " + flavour + ": build both the same way (./mvnw verify"
                    + ("native".equals(flavour) ? " -Dnative" : "") + ")");
        }
        Path artifact = target.resolve(built.getProperty("path"));
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalStateException(artifact + " is missing: package " + module + " first");
        }
        if ("native".equals(flavour)) {
            return List.of(artifact.toString());
        }
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", artifact.toString());
    }

    /** What Quarkus wrote about the artifact it built in a module's target directory (type jar or native, path). */
    private static Properties artifact(Path target) throws IOException {
        Path file = target.resolve("quarkus-artifact.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath().normalize() + " is missing: the module was not "
                    + "packaged (./mvnw verify builds the services before the gateway)");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private void awaitReady(String baseUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (processes.stream().anyMatch(process -> !process.isAlive())) {
                throw new IllegalStateException("a service exited during start; logs in " + workDir);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(baseUrl + " was not ready within " + READY_TIMEOUT + "; logs in " + workDir);
    }

    /**
     * A port nothing listens on and that no other service of this platform was given: the services bind theirs
     * only when they have started (seconds later on a JVM), and the system may offer a just-closed port again.
     */
    private int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (givenPorts.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    @Override
    public void stop() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (simulator != null) {
            simulator.stop();
        }
        for (String database : databases) {
            try {
                postgres.dropDatabase(database);
            } catch (Exception e) {
                System.err.println("Could not drop " + database + ": " + e.getMessage());
            }
        }
        databases.clear();
    }
}
