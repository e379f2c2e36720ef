package dev.dnevnik.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test key pair for a packaged service under {@code @QuarkusIntegrationTest} (a jar or a native executable):
 * it runs in the production profile, which reads its keys from files like a deployed service does, so the keys are
 * written to a temporary directory and their paths passed as configuration. Tokens from {@link TestTokens} are
 * then accepted by the service.
 */
public class TestKeysResource implements QuarkusTestResourceLifecycleManager {

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("dnevnik-test-keys");
            return Map.of(
                    "mp.jwt.verify.publickey.location", copy("public.pem").toString(),
                    "smallrye.jwt.sign.key.location", copy("private.pem").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test keys", e);
        }
    }

    /** The test public key as a file, for a process a test launches itself. */
    public static Path publicKeyIn(Path directory) throws IOException {
        return copy("public.pem", directory);
    }

    /** The test private key as a file, for a process a test launches itself (the gateway signs with it). */
    public static Path privateKeyIn(Path directory) throws IOException {
        return copy("private.pem", directory);
    }

    private Path copy(String name) throws IOException {
        return copy(name, directory);
    }

    private static Path copy(String name, Path directory) throws IOException {
        Path target = directory.resolve(name);
        try (InputStream in = TestKeysResource.class.getClassLoader()
                .getResourceAsStream("dnevnik-test-keys/" + name)) {
            if (in == null) {
                throw new IOException("dnevnik-test-keys/" + name + " is not on the class path");
            }
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    @Override
    public void stop() {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
