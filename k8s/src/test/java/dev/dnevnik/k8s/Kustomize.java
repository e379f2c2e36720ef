package dev.dnevnik.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a kustomization of k8s/ with {@code kubectl kustomize}, once per test run (every test class reads the same
 * renders). Without kubectl the calling test is skipped; a kustomization that does not render fails it.
 */
public final class Kustomize {

    /** The deployable overlays: each is checked by every policy test. */
    public static final String JVM = "overlays/jvm";
    public static final String NATIVE = "overlays/native";
    public static final String MANAGED_POSTGRESQL = "overlays/managed-postgresql";
    public static final String MONITORING = "monitoring";
    public static final String BASE = "base";

    private static final Map<String, RenderedObjects> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize k8s/<directory>} prints. */
    public static RenderedObjects render(String directory) {
        Tool.KUBECTL.require();
        return RENDERED.computeIfAbsent(directory, Kustomize::run);
    }

    private static RenderedObjects run(String directory) {
        Tool.Run run = Tool.KUBECTL.run(Repository.k8s(), "kustomize", directory);
        assertTrue(run.succeeded(), () -> "k8s/" + directory + " does not render:\n" + run.describe());
        return RenderedObjects.parse(directory, run.stdout());
    }
}
