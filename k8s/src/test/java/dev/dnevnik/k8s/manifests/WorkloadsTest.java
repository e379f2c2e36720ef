package dev.dnevnik.k8s.manifests;

import static dev.dnevnik.k8s.RenderedObjects.describe;
import static dev.dnevnik.k8s.manifests.Overlays.containers;
import static dev.dnevnik.k8s.manifests.Overlays.orEmpty;
import static dev.dnevnik.k8s.manifests.Overlays.pod;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Deployment of an overlay (the five services and Redis): probes, resources, security, images. */
class WorkloadsTest {

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyPodTemplateCarriesItsDeploymentsSelectorLabels(String overlay) {
        everyDeployment(overlay, "the pod template carries the Deployment's selector labels",
                d -> Overlays.selects(d.getSpec().getSelector(), Overlays.podLabels(d)));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void noPodMountsAServiceAccountToken(String overlay) {
        everyDeployment(overlay, "no service-account token is mounted (pod spec)",
                d -> Boolean.FALSE.equals(pod(d).getAutomountServiceAccountToken()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyDeploymentRunsAsItsOwnServiceAccountWhichMountsNoToken(String overlay) {
        RenderedObjects objects = Kustomize.render(overlay);
        everyDeployment(overlay, "every Deployment runs as its own ServiceAccount, which mounts no token", d -> {
            Optional<ServiceAccount> account = Optional.ofNullable(pod(d).getServiceAccountName())
                    .flatMap(name -> objects.named(ServiceAccount.class, name));
            return account.isPresent() && Boolean.FALSE.equals(account.get().getAutomountServiceAccountToken());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyPodUsesTheRuntimeDefaultSeccompProfile(String overlay) {
        everyDeployment(overlay, "RuntimeDefault seccomp", d -> {
            PodSecurityContext context = podSecurity(pod(d));
            return context.getSeccompProfile() != null && "RuntimeDefault".equals(context.getSeccompProfile().getType());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyPodRunsAsANonRootUser(String overlay) {
        everyDeployment(overlay, "pod runs as a non-root user", d -> {
            PodSecurityContext context = podSecurity(pod(d));
            return Boolean.TRUE.equals(context.getRunAsNonRoot()) && !Objects.equals(context.getRunAsUser(), 0L);
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyContainerHasStartupLivenessAndReadinessProbes(String overlay) {
        everyContainer(overlay, "every container has startup, liveness and readiness probes",
                (pod, c) -> c.getStartupProbe() != null && c.getLivenessProbe() != null && c.getReadinessProbe() != null,
                c -> "startup " + (c.getStartupProbe() != null) + ", liveness " + (c.getLivenessProbe() != null)
                        + ", readiness " + (c.getReadinessProbe() != null));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String overlay) {
        everyContainer(overlay, "cpu and memory requests and limits are set", (pod, c) -> {
            Map<String, Quantity> requests = requests(c);
            Map<String, Quantity> limits = limits(c);
            return List.of("cpu", "memory").stream().allMatch(r -> requests.containsKey(r) && limits.containsKey(r));
        }, c -> "resources " + c.getResources());
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void noContainerRequestsMoreThanItsLimit(String overlay) {
        everyContainer(overlay, "requests do not exceed limits", (pod, c) -> List.of("cpu", "memory").stream()
                .filter(r -> requests(c).containsKey(r) && limits(c).containsKey(r))
                .allMatch(r -> requests(c).get(r).getNumericalAmount().compareTo(limits(c).get(r).getNumericalAmount()) <= 0),
                c -> "resources " + c.getResources());
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyContainerRunsAsNonRoot(String overlay) {
        everyContainer(overlay, "runAsNonRoot", (pod, c) -> {
            Boolean own = security(c).getRunAsNonRoot();
            return Boolean.TRUE.equals(own != null ? own : podSecurity(pod).getRunAsNonRoot());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyContainerHasAReadOnlyRootFilesystem(String overlay) {
        everyContainer(overlay, "readOnlyRootFilesystem", (pod, c) -> Boolean.TRUE.equals(security(c).getReadOnlyRootFilesystem()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void noContainerMayEscalateItsPrivileges(String overlay) {
        everyContainer(overlay, "allowPrivilegeEscalation false",
                (pod, c) -> Boolean.FALSE.equals(security(c).getAllowPrivilegeEscalation()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyContainerDropsAllCapabilities(String overlay) {
        everyContainer(overlay, "all capabilities dropped", (pod, c) -> {
            Capabilities capabilities = security(c).getCapabilities();
            return capabilities != null && orEmpty(capabilities.getDrop()).contains("ALL");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void noContainerIsPrivileged(String overlay) {
        everyContainer(overlay, "no privileged container", (pod, c) -> !Boolean.TRUE.equals(security(c).getPrivileged()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyImageHasAPinnedTagNeverLatest(String overlay) {
        everyContainer(overlay, "every image has a pinned tag (not latest, not untagged)", (pod, c) -> isPinned(c.getImage()),
                Container::getImage);
    }

    /** A digest, or a tag other than latest (the tag is after the last ':' of the last path segment). */
    static boolean isPinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon >= 0 && !last.substring(colon + 1).equals("latest");
    }

    private static void everyDeployment(String overlay, String ruleName, Predicate<Deployment> ok) {
        Violations rule = new Violations(overlay + ": " + ruleName);
        for (Deployment deployment : Kustomize.render(overlay).all(Deployment.class)) {
            rule.check(describe(deployment), ok.test(deployment));
        }
        rule.assertNone();
    }

    private static void everyContainer(String overlay, String ruleName, BiPredicate<PodSpec, Container> ok) {
        everyContainer(overlay, ruleName, ok, c -> "securityContext " + c.getSecurityContext());
    }

    /** {@code shown}: what a violation's message shows of the container. */
    private static void everyContainer(String overlay, String ruleName, BiPredicate<PodSpec, Container> ok,
                                       Function<Container, String> shown) {
        Violations rule = new Violations(overlay + ": " + ruleName);
        for (Deployment deployment : Kustomize.render(overlay).all(Deployment.class)) {
            for (Container container : containers(deployment)) {
                rule.check(describe(deployment) + " container " + container.getName(), ok.test(pod(deployment), container),
                        shown.apply(container));
            }
        }
        rule.assertNone();
    }

    private static PodSecurityContext podSecurity(PodSpec pod) {
        return Objects.requireNonNullElseGet(pod.getSecurityContext(), PodSecurityContext::new);
    }

    private static SecurityContext security(Container container) {
        return Objects.requireNonNullElseGet(container.getSecurityContext(), SecurityContext::new);
    }

    private static Map<String, Quantity> requests(Container container) {
        return container.getResources() == null ? Map.of() : orEmpty(container.getResources().getRequests());
    }

    private static Map<String, Quantity> limits(Container container) {
        return container.getResources() == null ? Map.of() : orEmpty(container.getResources().getLimits());
    }
}
