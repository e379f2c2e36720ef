package dev.dnevnik.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the manifests and the services' sources are: the module's directory is k8s/ of the repository. */
public final class Repository {

    private Repository() {
    }

    /** k8s/ (Surefire passes it as dnevnik.k8s.dir; an IDE runs the tests in the module's directory). */
    public static Path k8s() {
        Path dir = Path.of(System.getProperty("dnevnik.k8s.dir", System.getProperty("user.dir"))).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("base"))) {
            throw new IllegalStateException(dir + " is not the k8s directory (no base/ in it)");
        }
        return dir;
    }

    /** The repository's root: the services' modules are its subdirectories. */
    public static Path root() {
        return k8s().getParent();
    }

    /** A directory in this module's build directory (target/), created if missing, for files the tools read. */
    public static Path workDirectory(String name) {
        Path build = Path.of(System.getProperty("dnevnik.k8s.build", Path.of(System.getProperty("user.dir"), "target").toString()));
        try {
            return Files.createDirectories(build.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
