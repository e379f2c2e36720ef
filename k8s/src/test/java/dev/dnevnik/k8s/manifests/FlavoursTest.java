package dev.dnevnik.k8s.manifests;

import static dev.dnevnik.k8s.manifests.ServiceWorkload.everyService;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The two image flavours: JVM images cap their heap, native images run small and without JVM options. */
class FlavoursTest {

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#jvmFlavour")
    void jvmOverlaysRunTheJvmImages(String overlay) {
        everyService(overlay, "jvm: images carry the -jvm tag",
                (s, rule) -> rule.check(s.subject(), s.container().getImage().endsWith("-jvm"), s.container().getImage()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#jvmFlavour")
    void jvmOverlaysCapTheHeapInJavaOpts(String overlay) {
        everyService(overlay, "jvm: JAVA_OPTS caps the heap (MaxRAMPercentage or -Xmx)", (s, rule) -> {
            Optional<String> javaOpts = javaOpts(s);
            rule.check(s.subject(), javaOpts.isPresent()
                    && (javaOpts.get().contains("MaxRAMPercentage") || javaOpts.get().contains("-Xmx")), "JAVA_OPTS " + javaOpts);
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#nativeFlavour")
    void theNativeOverlayRunsTheNativeImages(String overlay) {
        everyService(overlay, "native: images carry the -native tag",
                (s, rule) -> rule.check(s.subject(), s.container().getImage().endsWith("-native"), s.container().getImage()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#nativeFlavour")
    void theNativeOverlayGivesNoJavaOpts(String overlay) {
        everyService(overlay, "native: no JAVA_OPTS", (s, rule) -> rule.check(s.subject(), javaOpts(s).isEmpty(), "JAVA_OPTS " + javaOpts(s)));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#nativeFlavour")
    void theNativeOverlayLimitsMemoryTo192Mi(String overlay) {
        everyService(overlay, "native: memory limit at most 192Mi", (s, rule) -> {
            Quantity limit = s.container().getResources() == null ? null
                    : Overlays.orEmpty(s.container().getResources().getLimits()).get("memory");
            rule.check(s.subject(), limit != null
                    && limit.getNumericalAmount().compareTo(new Quantity("192Mi").getNumericalAmount()) <= 0, "limit " + limit);
        });
    }

    /** JAVA_OPTS as the container's own env sets it (the ubi9 OpenJDK image reads it there). */
    private static Optional<String> javaOpts(ServiceWorkload s) {
        return Overlays.orEmpty(s.container().getEnv()).stream().filter(e -> e.getName().equals("JAVA_OPTS"))
                .map(EnvVar::getValue).map(v -> v == null ? "" : v).findFirst();
    }
}
