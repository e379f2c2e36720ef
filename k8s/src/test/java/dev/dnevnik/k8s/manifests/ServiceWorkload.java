package dev.dnevnik.k8s.manifests;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One of the five services as an overlay deploys it: its Deployment, its (first) container, and the whole render. */
record ServiceWorkload(String name, Deployment deployment, RenderedObjects objects) {

    /** A rule checked over the five services of an overlay. */
    @FunctionalInterface
    interface Rule {
        void check(ServiceWorkload service, Violations violations);
    }

    /**
     * Checks a rule for each of the five services the overlay deploys (a missing one is reported by
     * {@code ObjectsTest.theFiveServicesAreDeployed}).
     */
    static void everyService(String overlay, String ruleName, Rule rule) {
        RenderedObjects objects = Kustomize.render(overlay);
        Violations violations = new Violations(overlay + ": " + ruleName);
        for (String name : Overlays.SERVICES) {
            objects.named(Deployment.class, name).ifPresent(d -> rule.check(new ServiceWorkload(name, d, objects), violations));
        }
        violations.assertNone();
    }

    /** Checks a rule for the gateway alone. */
    static void theGateway(String overlay, String ruleName, Rule rule) {
        everyService(overlay, ruleName, (service, violations) -> {
            if (service.name().equals("gateway")) {
                rule.check(service, violations);
            }
        });
    }

    /** "Deployment gateway", how messages name it. */
    String subject() {
        return "Deployment " + name;
    }

    Container container() {
        return Overlays.pod(deployment).getContainers().getFirst();
    }

    Map<String, String> podLabels() {
        return Overlays.podLabels(deployment);
    }

    /** The container port named http. */
    Optional<Integer> httpPort() {
        return Overlays.orEmpty(container().getPorts()).stream().filter(p -> "http".equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst();
    }

    /**
     * Every variable the container is given: from its envFrom ConfigMaps (missing ones are left out), then its own env
     * entries, which override them as in Kubernetes.
     */
    Map<String, Variable> environment() {
        Map<String, Variable> given = new LinkedHashMap<>();
        for (EnvFromSource source : Overlays.orEmpty(container().getEnvFrom())) {
            ConfigMapEnvSource ref = source.getConfigMapRef();
            if (ref != null) {
                objects.named(ConfigMap.class, ref.getName()).ifPresent(cm -> Overlays.orEmpty(cm.getData())
                        .forEach((key, value) -> given.put(key, new Variable(value, null))));
            }
        }
        for (EnvVar variable : Overlays.orEmpty(container().getEnv())) {
            SecretKeySelector secret = variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
            given.put(variable.getName(), new Variable(variable.getValue(), secret));
        }
        return given;
    }

    /** The value of a variable, or null when it is not given or comes from a Secret. */
    String value(String variable) {
        Variable given = environment().get(variable);
        return given == null ? null : given.value();
    }

    /** A variable the container is given: a value (ConfigMap or literal) or a Secret's key. */
    record Variable(String value, SecretKeySelector secret) {
    }
}
