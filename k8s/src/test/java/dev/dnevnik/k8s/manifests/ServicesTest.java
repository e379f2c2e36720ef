package dev.dnevnik.k8s.manifests;

import static dev.dnevnik.k8s.manifests.ServiceWorkload.everyService;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What each of the five services' Deployments promises beyond every workload's rules: port, probes, /tmp, scaling. */
class ServicesTest {

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServiceNamesItsPortHttp(String overlay) {
        everyService(overlay, "every service names its port http",
                (s, rule) -> rule.check(s.subject(), s.httpPort().isPresent(), "ports " + s.container().getPorts()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theServicesProbesAreQuarkusHealthStartedLiveAndReadyOnPortHttp(String overlay) {
        everyService(overlay, "the services' probes are /q/health/started, /q/health/live, /q/health/ready on port http", (s, rule) -> {
            checkProbe(s, rule, "startupProbe", s.container().getStartupProbe(), "/q/health/started");
            checkProbe(s, rule, "livenessProbe", s.container().getLivenessProbe(), "/q/health/live");
            checkProbe(s, rule, "readinessProbe", s.container().getReadinessProbe(), "/q/health/ready");
        });
    }

    private static void checkProbe(ServiceWorkload s, Violations rule, String which, Probe probe, String path) {
        HTTPGetAction get = probe == null ? null : probe.getHttpGet();
        rule.check(s.subject() + " " + which, get != null && path.equals(get.getPath()) && isHttpPort(s, get.getPort()),
                which + " " + get);
    }

    /** The port named http, by name or by number. */
    static boolean isHttpPort(ServiceWorkload s, IntOrString port) {
        return port != null && ("http".equals(port.getStrVal())
                || (port.getIntVal() != null && s.httpPort().isPresent() && port.getIntVal().equals(s.httpPort().get())));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theServicesHaveAWritableTmp(String overlay) {
        everyService(overlay, "the services have a writable /tmp (emptyDir)", (s, rule) -> {
            Optional<VolumeMount> tmp = Overlays.orEmpty(s.container().getVolumeMounts()).stream()
                    .filter(m -> "/tmp".equals(m.getMountPath())).findFirst();
            Optional<Volume> volume = tmp.flatMap(m -> Overlays.orEmpty(Overlays.pod(s.deployment()).getVolumes()).stream()
                    .filter(v -> v.getName().equals(m.getName())).findFirst());
            rule.check(s.subject(), volume.isPresent() && volume.get().getEmptyDir() != null, "mount " + tmp);
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServiceHasAPodDisruptionBudgetKeepingOnePod(String overlay) {
        everyService(overlay, "every service has a PodDisruptionBudget (minAvailable 1)", (s, rule) -> {
            List<PodDisruptionBudget> budgets = s.objects().all(PodDisruptionBudget.class).stream()
                    .filter(b -> Overlays.selects(b.getSpec().getSelector(), s.podLabels())).toList();
            rule.check(s.subject(), budgets.size() == 1 && budgets.getFirst().getSpec().getMinAvailable() != null
                    && Integer.valueOf(1).equals(budgets.getFirst().getSpec().getMinAvailable().getIntVal()),
                    budgets.size() + " PodDisruptionBudgets select its pods"
                            + (budgets.size() == 1 ? ", minAvailable " + budgets.getFirst().getSpec().getMinAvailable() : ""));
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServiceHasAnAutoscalingV2HorizontalPodAutoscaler(String overlay) {
        everyService(overlay, "every service has a HorizontalPodAutoscaler (autoscaling/v2)", (s, rule) -> {
            List<JsonNode> autoscalers = autoscalersOf(s);
            rule.check(s.subject(), autoscalers.size() == 1
                            && "autoscaling/v2".equals(autoscalers.getFirst().path("apiVersion").asText()),
                    autoscalers.size() + " HorizontalPodAutoscalers scale it");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyAutoscalerKeepsTwoToSixReplicasAtSeventyPercentCpu(String overlay) {
        everyService(overlay, "HPA: CPU 70 %, 2 to 6 replicas", (s, rule) -> autoscaler(s).ifPresent(hpa -> {
            List<MetricSpec> cpu = Overlays.orEmpty(hpa.getSpec().getMetrics()).stream()
                    .filter(m -> "Resource".equals(m.getType()) && "cpu".equals(m.getResource().getName())).toList();
            rule.check(s.subject(), Integer.valueOf(2).equals(hpa.getSpec().getMinReplicas())
                    && Integer.valueOf(6).equals(hpa.getSpec().getMaxReplicas()) && cpu.size() == 1
                    && "Utilization".equals(cpu.getFirst().getResource().getTarget().getType())
                    && Integer.valueOf(70).equals(cpu.getFirst().getResource().getTarget().getAverageUtilization())
                    && cpu.getFirst().getResource().getTarget().getAverageValue() == null
                    && cpu.getFirst().getResource().getTarget().getValue() == null, "spec " + hpa.getSpec());
        }));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theAutoscalerOwnsTheReplicaCount(String overlay) {
        everyService(overlay, "the HPA owns the replica count (none in the Deployment)", (s, rule) -> autoscaler(s).ifPresent(hpa ->
                rule.check(s.subject(), s.deployment().getSpec().getReplicas() == null,
                        "replicas " + s.deployment().getSpec().getReplicas())));
    }

    /** The HorizontalPodAutoscalers of any apiVersion that scale the service's Deployment, as written. */
    private static List<JsonNode> autoscalersOf(ServiceWorkload s) {
        return s.objects().documentsOfKind("HorizontalPodAutoscaler").stream()
                .filter(h -> "Deployment".equals(h.path("spec").path("scaleTargetRef").path("kind").asText())
                        && s.name().equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                .toList();
    }

    /** The service's one autoscaling/v2 autoscaler; absent when the rule above already fails. */
    private static Optional<HorizontalPodAutoscaler> autoscaler(ServiceWorkload s) {
        List<JsonNode> autoscalers = autoscalersOf(s);
        if (autoscalers.size() != 1) {
            return Optional.empty();
        }
        return s.objects().named(HorizontalPodAutoscaler.class, autoscalers.getFirst().path("metadata").path("name").asText());
    }
}
