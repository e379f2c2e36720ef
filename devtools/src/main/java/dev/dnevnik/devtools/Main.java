package dev.dnevnik.devtools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Command line behind {@code ./dnevnik}. Subcommands:
 *
 * <pre>
 * postgres --data-dir DIR --port PORT --databases a,b --ready-file FILE   run an embedded PostgreSQL until stopped
 * databases --url URL --databases a,b                                    create databases on an external server
 * keys --dir DIR                                                         make the dev RS256 key pair once
 * token --key FILE --subject UUID [--admin] [--ttl-minutes N] [--issuer ISS]
 * stt-simulator --port PORT [--latency 2s] [--error-rate 0.0] [--rate-limit-rate 0.0] [--ready-file FILE]
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("no command");
        }
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "postgres" -> runPostgres(options);
            case "databases" -> createDatabases(options);
            case "keys" -> DevKeys.ensure(Path.of(required(options, "dir")));
            case "token" -> printToken(options);
            case "stt-simulator" -> runSimulator(options);
            default -> usage("unknown command " + args[0]);
        }
    }

    private static void runPostgres(Map<String, String> options) throws Exception {
        Path dataDir = Path.of(required(options, "data-dir"));
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("Stopping PostgreSQL failed: " + e.getMessage());
            }
            stopped.countDown();
        }, "stop-postgres"));
        PgServer server = postgres.server();
        for (String database : databases(options)) {
            server.createDatabaseIfMissing(database);
        }
        String readyFile = options.get("ready-file");
        if (readyFile != null) {
            Files.writeString(Path.of(readyFile), server.host() + " " + server.port() + " " + server.user() + "\n",
                    StandardCharsets.UTF_8);
        }
        System.out.println("PostgreSQL ready on " + server.host() + ":" + server.port());
        stopped.await();
    }

    private static void createDatabases(Map<String, String> options) throws Exception {
        PgServer server = PgServer.parse(required(options, "url"));
        for (String database : databases(options)) {
            server.createDatabaseIfMissing(database);
        }
        // read by the shell script: one KEY=VALUE per line, nothing else on stdout
        System.out.println("DB_HOST=" + server.host());
        System.out.println("DB_PORT=" + server.port());
        System.out.println("DB_USER=" + server.user());
        System.out.println("DB_PASSWORD=" + server.password());
    }

    private static void printToken(Map<String, String> options) throws Exception {
        UUID subject;
        try {
            subject = UUID.fromString(required(options, "subject"));
        } catch (IllegalArgumentException e) {
            usage("the subject must be a user UUID, e.g. " + UUID.randomUUID());
            return;
        }
        Duration ttl = Duration.ofMinutes(Long.parseLong(options.getOrDefault("ttl-minutes", "60")));
        System.out.println(DevToken.sign(DevKeys.readPrivateKey(Path.of(required(options, "key"))),
                options.getOrDefault("issuer", DevToken.DEFAULT_ISSUER), subject, options.containsKey("admin"), ttl));
    }

    private static void runSimulator(Map<String, String> options) throws Exception {
        SpeechToTextSimulator simulator = new SpeechToTextSimulator(
                parseDuration(options.getOrDefault("latency", "2s")),
                Double.parseDouble(options.getOrDefault("error-rate", "0")),
                Double.parseDouble(options.getOrDefault("rate-limit-rate", "0")));
        int port = simulator.start(Integer.parseInt(options.getOrDefault("port", "0")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.stop();
            stopped.countDown();
        }, "stop-simulator"));
        String readyFile = options.get("ready-file");
        if (readyFile != null) {
            Files.writeString(Path.of(readyFile), port + "\n", StandardCharsets.UTF_8);
        }
        System.out.println("SIMULATED speech-to-text provider (not a real one) at http://127.0.0.1:" + port + "/v1");
        stopped.await();
    }

    /** {@code 2s}, {@code 1500ms}, {@code 0.5s} or plain seconds. */
    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 2))));
        }
        if (value.endsWith("s")) {
            value = value.substring(0, value.length() - 1);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    private static List<String> databases(Map<String, String> options) {
        List<String> names = new ArrayList<>();
        for (String name : options.getOrDefault("databases", "").split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            options.put(name, hasValue ? args[++i] : "true");
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage("missing --" + name);
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("devtools: " + problem);
        System.exit(2);
    }
}
