package dev.dnevnik.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A program of the machine the checks need: kubectl renders the kustomizations, promtool checks and tests the alert
 * rules. It is looked up on {@code PATH}, or taken from the system property {@code dnevnik.k8s.<name>} (a path; a
 * path that is no executable stands for "not installed", which is how the skips are shown on a machine that has the
 * tools). A test that needs a missing tool is aborted through a JUnit assumption, so Surefire reports it as skipped
 * with the reason, never as passed.
 */
public record Tool(String name, String whatFor, Optional<Path> executable) {

    public static final Tool KUBECTL = find("kubectl", "it renders the kustomizations (kubectl kustomize)");
    public static final Tool PROMTOOL = find("promtool",
            "it checks and unit-tests the alert rules; Debian package prometheus: apt-get install prometheus");

    private static final long TIMEOUT_SECONDS = 120;
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    static Tool find(String name, String whatFor) {
        String configured = System.getProperty("dnevnik.k8s." + name);
        if (configured != null) {
            Path path = Path.of(configured);
            return new Tool(name, whatFor, Files.isExecutable(path) ? Optional.of(path) : Optional.empty());
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Tool(name, whatFor, Optional.of(candidate));
            }
        }
        return new Tool(name, whatFor, Optional.empty());
    }

    /**
     * Aborts the calling test (reported as skipped, with the reason) when the tool is missing; the reason is also
     * printed once to the build's output, where Surefire's summary shows only a count of skipped tests.
     */
    public Path require() {
        if (executable.isEmpty() && ANNOUNCED.add(name)) {
            System.out.println("[WARNING] SKIPPED: " + name + " is not installed, the checks that need it are skipped: " + whatFor);
        }
        assumeTrue(executable.isPresent(), () -> "SKIPPED: " + name + " is not installed; " + whatFor);
        return executable.orElseThrow();
    }

    /** Runs the tool in {@code directory} and waits for it; a missing tool skips the calling test. */
    public Run run(Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            process.getOutputStream().close();
            // both streams are drained at once, so that a chatty tool never blocks on a full pipe
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
            String stdout = text(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Run(command, directory, process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One finished run of a tool: what a failure message shows. */
    public record Run(List<String> command, Path directory, int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        public String describe() {
            return "$ (cd " + directory + " && " + String.join(" ", command) + ")  -> exit " + exitCode
                    + "\n" + stdout + (stderr.isBlank() ? "" : "\n[stderr]\n" + stderr);
        }
    }
}
