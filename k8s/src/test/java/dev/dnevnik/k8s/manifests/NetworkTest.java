package dev.dnevnik.k8s.manifests;

import static dev.dnevnik.k8s.manifests.Overlays.isEmpty;
import static dev.dnevnik.k8s.manifests.Overlays.orEmpty;
import static dev.dnevnik.k8s.manifests.ServiceWorkload.everyService;
import static dev.dnevnik.k8s.manifests.ServiceWorkload.theGateway;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The namespace denies all traffic, and each pod's own NetworkPolicy opens exactly what it needs: who may call whom,
 * PostgreSQL, Redis, and public addresses only for the services that call providers.
 */
class NetworkTest {

    /** The services that call providers on public addresses, and on which ports. */
    private static final Map<String, Set<Integer>> PROVIDER_CALLERS = Map.of(
            "transcription-service", Set.of(443), "news-service", Set.of(80, 443), "sync-service", Set.of(443));

    /** A public egress rule without a port number opens every port (or one we cannot tell). */
    private static final int EVERY_PORT = -1;

    /** Public egress must exclude these (the cloud metadata endpoint is in 169.254/16). */
    private static final List<Cidr> PRIVATE = Stream.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")
            .map(Cidr::parse).toList();

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void aDefaultDenyPolicyCoversTheNamespace(String overlay) {
        Violations rule = new Violations(overlay + ": a default-deny NetworkPolicy (ingress and egress) covers the namespace");
        List<NetworkPolicy> denyAll = Kustomize.render(overlay).all(NetworkPolicy.class).stream()
                .filter(p -> isEmpty(p.getSpec().getPodSelector())
                        && new TreeSet<>(orEmpty(p.getSpec().getPolicyTypes())).equals(new TreeSet<>(List.of("Ingress", "Egress")))
                        && orEmpty(p.getSpec().getIngress()).isEmpty() && orEmpty(p.getSpec().getEgress()).isEmpty())
                .toList();
        rule.check(overlay, denyAll.size() == 1, denyAll.size() + " such policies");
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServiceSelectsThePodsOfADeployment(String overlay) {
        RenderedObjects objects = Kustomize.render(overlay);
        Violations rule = new Violations(overlay + ": every Service selects the pods of a Deployment");
        for (Service service : objects.all(Service.class)) {
            rule.check("Service " + service.getMetadata().getName(), !podsOf(objects, service).isEmpty());
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServicesPodsAreSelectedByANetworkPolicyOfTheirOwn(String overlay) {
        everyServicesPods(overlay, "every Service's pods are selected by a NetworkPolicy of their own", (service, pods, rule) ->
                rule.check("Service " + service.getMetadata().getName() + " -> Deployment " + pods.getMetadata().getName(),
                        !ownPolicies(Kustomize.render(overlay), pods).isEmpty()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void thatNetworkPolicyLetsTrafficInOnTheServicesPort(String overlay) {
        everyServicesPods(overlay, "that NetworkPolicy lets traffic in on the Service's port", (service, pods, rule) -> {
            for (ServicePort port : service.getSpec().getPorts()) {
                Integer containerPort = containerPort(pods,
                        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort()));
                rule.check("Service " + service.getMetadata().getName() + " port " + port.getPort(),
                        ownPolicies(Kustomize.render(overlay), pods).stream().flatMap(p -> orEmpty(p.getSpec().getIngress()).stream())
                                .anyMatch(r -> allows(r.getPorts(), containerPort, pods)),
                        "container port " + containerPort);
            }
        });
    }

    @FunctionalInterface
    private interface ServicePodsRule {
        void check(Service service, Deployment pods, Violations violations);
    }

    /** A rule over every Service of an overlay and each Deployment whose pods it selects. */
    private static void everyServicesPods(String overlay, String ruleName, ServicePodsRule rule) {
        RenderedObjects objects = Kustomize.render(overlay);
        Violations violations = new Violations(overlay + ": " + ruleName);
        for (Service service : objects.all(Service.class)) {
            for (Deployment deployment : podsOf(objects, service)) {
                rule.check(service, deployment, violations);
            }
        }
        violations.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void onlyTheIngressControllerReachesTheGatewayOnlyTheGatewayReachesAServiceAndPrometheusReachesAll(String overlay) {
        everyService(overlay, "only the ingress controller reaches the gateway; only the gateway reaches a service;"
                + " Prometheus reaches all", (s, rule) -> {
            Set<String> sources = new TreeSet<>();
            for (NetworkPolicy policy : ownPolicies(s.objects(), s.deployment())) {
                for (NetworkPolicyIngressRule ingress : orEmpty(policy.getSpec().getIngress())) {
                    List<NetworkPolicyPeer> from = orEmpty(ingress.getFrom());
                    // a rule without "from" admits every source
                    for (NetworkPolicyPeer peer : from.isEmpty() ? List.of(new NetworkPolicyPeer()) : from) {
                        sources.add(source(peer));
                    }
                }
            }
            Set<String> expected = s.name().equals("gateway")
                    ? Set.of("namespace ingress-nginx", "namespace monitoring") : Set.of("gateway", "namespace monitoring");
            rule.check(s.subject(), sources.equals(expected), "from " + sources);
        });
    }

    /** Who a peer admits, in the words of the rule above. */
    private static String source(NetworkPolicyPeer peer) {
        String namespace = peer.getNamespaceSelector() == null ? null
                : orEmpty(peer.getNamespaceSelector().getMatchLabels()).get("kubernetes.io/metadata.name");
        String pod = peer.getPodSelector() == null ? null
                : orEmpty(peer.getPodSelector().getMatchLabels()).get("app.kubernetes.io/name");
        if (peer.getIpBlock() != null || (peer.getNamespaceSelector() == null && peer.getPodSelector() == null)) {
            return "anywhere";
        } else if (namespace != null) {
            return "namespace " + namespace;
        } else if (pod != null) {
            return pod;
        }
        return "other " + peer;
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServiceMayReachPostgresql(String overlay) {
        everyService(overlay, "every service may reach PostgreSQL (5432)", (s, rule) -> rule.check(s.subject(),
                egress(s).anyMatch(r -> allows(r.getPorts(), 5432, null)
                        && orEmpty(r.getTo()).stream().anyMatch(peer -> peer.getPodSelector() != null))));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void publicEgressExcludesPrivateAndLinkLocalRanges(String overlay) {
        everyService(overlay, "public egress excludes 10/8, 172.16/12, 192.168/16 and 169.254/16", (s, rule) ->
                egress(s).flatMap(r -> publicBlocks(r).stream()).filter(b -> Cidr.parse(b.getCidr()).isIpv4()).forEach(block -> {
                    List<Cidr> excepted = orEmpty(block.getExcept()).stream().map(Cidr::parse).toList();
                    rule.check(s.subject(), PRIVATE.stream().allMatch(p -> excepted.stream().anyMatch(e -> e.contains(p))),
                            "ipBlock " + block.getCidr() + " except " + block.getExcept());
                }));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void onlyTheServicesThatCallProvidersReachPublicAddressesOnTheirPorts(String overlay) {
        everyService(overlay, "egress to public addresses only for the services that call providers, on their ports", (s, rule) -> {
            Set<Integer> ports = new TreeSet<>();
            egress(s).filter(r -> !publicBlocks(r).isEmpty()).forEach(r -> {
                if (orEmpty(r.getPorts()).isEmpty()) {
                    ports.add(EVERY_PORT);
                }
                orEmpty(r.getPorts()).forEach(p -> ports.add(p.getPort() == null || p.getPort().getIntVal() == null
                        ? EVERY_PORT : p.getPort().getIntVal()));
            });
            rule.check(s.subject(), ports.equals(PROVIDER_CALLERS.getOrDefault(s.name(), Set.of())),
                    "ports " + ports + (ports.contains(EVERY_PORT) ? " (-1: every port, or a named one)" : ""));
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theGatewayMayReachEveryServiceItCalls(String overlay) {
        theGateway(overlay, "the gateway may reach every service it calls", (s, rule) -> {
            for (String upstream : Overlays.UPSTREAMS) {
                s.objects().named(Deployment.class, upstream).ifPresent(target -> {
                    int port = Overlays.pod(target).getContainers().getFirst().getPorts().getFirst().getContainerPort();
                    rule.check(s.subject() + " -> " + upstream, reaches(s, target, port));
                });
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theGatewayMayReachRedis(String overlay) {
        theGateway(overlay, "the gateway may reach Redis (6379)", (s, rule) ->
                s.objects().named(Deployment.class, "redis").ifPresent(redis -> rule.check(s.subject(), reaches(s, redis, 6379))));
    }

    /** Whether an egress rule of the service's own policies admits the target's pods on that port. */
    private static boolean reaches(ServiceWorkload s, Deployment target, int port) {
        return egress(s).anyMatch(r -> allows(r.getPorts(), port, target) && orEmpty(r.getTo()).stream()
                .anyMatch(peer -> Overlays.selects(peer.getPodSelector(), Overlays.podLabels(target))));
    }

    /** The Deployments whose pods a Service selects. */
    private static List<Deployment> podsOf(RenderedObjects objects, Service service) {
        return objects.all(Deployment.class).stream()
                .filter(d -> Overlays.selects(Overlays.selector(service.getSpec().getSelector()), Overlays.podLabels(d))).toList();
    }

    /** The NetworkPolicies that select these pods by labels (the namespace-wide ones are not their own). */
    private static List<NetworkPolicy> ownPolicies(RenderedObjects objects, Deployment deployment) {
        return objects.all(NetworkPolicy.class).stream()
                .filter(p -> !isEmpty(p.getSpec().getPodSelector())
                        && Overlays.selects(p.getSpec().getPodSelector(), Overlays.podLabels(deployment)))
                .toList();
    }

    private static Stream<NetworkPolicyEgressRule> egress(ServiceWorkload s) {
        return ownPolicies(s.objects(), s.deployment()).stream().flatMap(p -> orEmpty(p.getSpec().getEgress()).stream());
    }

    /** The ipBlocks of an egress rule that open every address (prefix length 0), before their exceptions. */
    private static List<IPBlock> publicBlocks(NetworkPolicyEgressRule rule) {
        return orEmpty(rule.getTo()).stream().map(NetworkPolicyPeer::getIpBlock).filter(Objects::nonNull)
                .filter(b -> Cidr.parse(b.getCidr()).prefixLength() == 0).toList();
    }

    /**
     * Whether a rule's ports admit a port: no ports admit all; a named port is the port of that name of the pods the
     * traffic goes to ({@code destination}; null when they are not ours, e.g. PostgreSQL's: then only numbers count).
     */
    private static boolean allows(List<NetworkPolicyPort> ports, Integer port, Deployment destination) {
        return orEmpty(ports).isEmpty() || orEmpty(ports).stream().anyMatch(p -> p.getPort() != null
                && Objects.equals(destination == null ? p.getPort().getIntVal() : containerPort(destination, p.getPort()), port));
    }

    /** A port number, or the number of the pods' container port of that name (null when there is none). */
    private static Integer containerPort(Deployment deployment, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            for (ContainerPort p : orEmpty(container.getPorts())) {
                if (port.getStrVal().equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        return null;
    }
}
