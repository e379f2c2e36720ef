package dev.dnevnik.k8s.monitoring;

import static dev.dnevnik.k8s.RenderedObjects.describe;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.Platform;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.RelabelConfig;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Prometheus finds every service: a ServiceMonitor per Service of k8s/base, on its port, with the labels rules use. */
class ServiceMonitorsTest {

    static List<String> services() {
        return Platform.SERVICES;
    }

    @Test
    void everyMonitoringObjectIsInNamespaceDnevnikAndPartOfDnevnik() {
        Violations rule = new Violations("objects: namespaced in dnevnik, part-of dnevnik");
        for (HasMetadata object : MonitoringObjects.render().objects()) {
            rule.check(describe(object), "dnevnik".equals(object.getMetadata().getNamespace()) && "dnevnik".equals(
                    Objects.requireNonNullElse(object.getMetadata().getLabels(), Map.<String, String>of()).get("app.kubernetes.io/part-of")));
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("services")
    void oneServiceMonitorSelectsTheServiceByItsLabels(String service) {
        Violations rule = new Violations("servicemonitors: one selects the Service by its labels");
        List<ServiceMonitor> monitors = monitorsOf(service);
        rule.check(service, monitors.size() == 1, monitors.size() + " ServiceMonitors select it");
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("services")
    void theMonitorsPortIsAPortNameOfTheService(String service) {
        Set<String> ports = baseService(service).getSpec().getPorts().stream().map(ServicePort::getName).collect(Collectors.toSet());
        everyEndpoint(service, "servicemonitors: port is a port name of the Service",
                (endpoint, rule) -> rule.check(service, ports.contains(endpoint.getPort()), endpoint.getPort()));
    }

    @ParameterizedTest
    @MethodSource("services")
    void theMonitorScrapesQuarkusMetrics(String service) {
        everyEndpoint(service, "servicemonitors: path /q/metrics",
                (endpoint, rule) -> rule.check(service, "/q/metrics".equals(endpoint.getPath()), endpoint.getPath()));
    }

    @ParameterizedTest
    @MethodSource("services")
    void theMonitorsRelabellingWritesServiceNamespaceAndPod(String service) {
        everyEndpoint(service, "servicemonitors: relabelling writes service, namespace, pod", (endpoint, rule) -> {
            Map<String, List<String>> written = new HashMap<>();
            endpoint.getRelabelings().forEach(r -> written.put(r.getTargetLabel(), r.getSourceLabels()));
            rule.check(service, List.of("__meta_kubernetes_service_name").equals(written.get("service"))
                    && List.of("__meta_kubernetes_namespace").equals(written.get("namespace"))
                    && List.of("__meta_kubernetes_pod_name").equals(written.get("pod")), written.toString());
        });
    }

    @Test
    void theGatewaysMonitorRenamesItsServiceLabelDownstream() {
        everyEndpoint("gateway", "servicemonitors: the gateway's downstream label", (endpoint, rule) -> rule.check("gateway",
                endpoint.getMetricRelabelings().stream().map(RelabelConfig::getTargetLabel).anyMatch("downstream"::equals)));
    }

    /** The Service as k8s/base renders it (the monitoring kustomization is applied next to an overlay). */
    private static Service baseService(String name) {
        return Kustomize.render(Kustomize.BASE).named(Service.class, name)
                .orElseThrow(() -> new AssertionError("k8s/base has no Service " + name));
    }

    private static List<ServiceMonitor> monitorsOf(String service) {
        Map<String, String> labels = Objects.requireNonNullElse(baseService(service).getMetadata().getLabels(), Map.of());
        return MonitoringObjects.render().all(ServiceMonitor.class).stream().filter(m -> {
            LabelSelector selector = m.getSpec().getSelector();
            return selector != null && selector.getMatchLabels() != null
                    && selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }).toList();
    }

    /** A rule over the endpoints of the service's one ServiceMonitor (none when that rule fails: then this one too). */
    private static void everyEndpoint(String service, String ruleName, BiConsumer<Endpoint, Violations> check) {
        Violations rule = new Violations(ruleName);
        List<ServiceMonitor> monitors = monitorsOf(service);
        if (monitors.size() == 1) {
            monitors.getFirst().getSpec().getEndpoints().forEach(endpoint -> check.accept(endpoint, rule));
        }
        rule.assertNone();
    }
}
