package dev.dnevnik.k8s.manifests;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.Platform;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The deployable overlays the policy tests run over, and what the tests share about them. Each test is parametrised
 * by overlay (by the overlays a rule applies to), so the Surefire counts say how many rule x overlay pairs were checked.
 */
final class Overlays {

    static final List<String> SERVICES = Platform.SERVICES;

    /** The four services the gateway calls. */
    static final List<String> UPSTREAMS = SERVICES.subList(1, SERVICES.size());

    private Overlays() {
    }

    static Stream<String> all() {
        return Stream.of(Kustomize.JVM, Kustomize.NATIVE, Kustomize.MANAGED_POSTGRESQL);
    }

    /** The overlays with JVM images (managed-postgresql is the JVM flavour with a PostgreSQL outside the cluster). */
    static Stream<String> jvmFlavour() {
        return Stream.of(Kustomize.JVM, Kustomize.MANAGED_POSTGRESQL);
    }

    static Stream<String> nativeFlavour() {
        return Stream.of(Kustomize.NATIVE);
    }

    /** The overlays with the cloudnative-pg component (a CloudNativePG Cluster and a Database per service). */
    static Stream<String> withCloudNativePg() {
        return Stream.of(Kustomize.JVM, Kustomize.NATIVE);
    }

    /** "-service" dropped: the short name the Secrets and database names use (dnevnik-diary-db). */
    static String shortName(String service) {
        return service.endsWith("-service") ? service.substring(0, service.length() - "-service".length()) : service;
    }

    static PodSpec pod(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    static Map<String, String> podLabels(Deployment deployment) {
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** The containers and init containers of a Deployment's pods. */
    static List<Container> containers(Deployment deployment) {
        List<Container> containers = new ArrayList<>(pod(deployment).getContainers());
        containers.addAll(orEmpty(pod(deployment).getInitContainers()));
        return containers;
    }

    /** Whether a label selector selects pods with these labels; no selector selects nothing, an empty one all. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        for (Map.Entry<String, String> label : orEmpty(selector.getMatchLabels()).entrySet()) {
            if (!label.getValue().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : orEmpty(selector.getMatchExpressions())) {
            String value = labels.get(requirement.getKey());
            List<String> values = orEmpty(requirement.getValues());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A Service's selector (plain labels) as a label selector. */
    static LabelSelector selector(Map<String, String> matchLabels) {
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(matchLabels == null ? Map.of() : matchLabels);
        return selector;
    }

    /** A selector without labels or expressions: it selects every pod of the namespace. */
    static boolean isEmpty(LabelSelector selector) {
        return selector == null || (orEmpty(selector.getMatchLabels()).isEmpty() && orEmpty(selector.getMatchExpressions()).isEmpty());
    }

    static <T> List<T> orEmpty(List<T> list) {
        return Objects.requireNonNullElse(list, List.of());
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return Objects.requireNonNullElse(map, Map.of());
    }
}
