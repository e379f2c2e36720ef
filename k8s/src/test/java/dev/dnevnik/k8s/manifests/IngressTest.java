package dev.dnevnik.k8s.manifests;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one public entry: ingress-nginx with TLS in front of the gateway, accepting the gateway's largest body. */
class IngressTest {

    private static final String BODY_SIZE = "nginx.ingress.kubernetes.io/proxy-body-size";

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void thereIsOneIngressForTheGateway(String overlay) {
        List<String> names = Kustomize.render(overlay).all(Ingress.class).stream().map(i -> i.getMetadata().getName()).toList();
        Violations rule = new Violations(overlay + ": one Ingress, for the gateway");
        rule.check(overlay, names.equals(List.of("gateway")), "Ingresses " + names);
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theIngressClassIsNginx(String overlay) {
        everyIngress(overlay, "Ingress: class nginx", (ingress, rule) ->
                rule.check(subject(ingress), "nginx".equals(ingress.getSpec().getIngressClassName()), ingress.getSpec().getIngressClassName()));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyHostHasTlsFromASecret(String overlay) {
        everyIngress(overlay, "Ingress: TLS from a Secret for every host", (ingress, rule) -> {
            IngressSpec spec = ingress.getSpec();
            List<IngressTLS> tls = Overlays.orEmpty(spec.getTls());
            Set<String> tlsHosts = new HashSet<>();
            tls.forEach(t -> tlsHosts.addAll(Overlays.orEmpty(t.getHosts())));
            // a rule without a host (null) is for every host, which no TLS entry can cover
            Set<String> hosts = new HashSet<>();
            Overlays.orEmpty(spec.getRules()).forEach(r -> hosts.add(r.getHost()));
            rule.check(subject(ingress), !tls.isEmpty() && tls.stream().allMatch(t -> t.getSecretName() != null && !t.getSecretName().isEmpty())
                    && tlsHosts.containsAll(hosts), "hosts " + hosts + ", tls " + tls);
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyBackendIsTheGatewaysServiceAndPort(String overlay) {
        RenderedObjects objects = Kustomize.render(overlay);
        everyIngress(overlay, "Ingress: backends are the gateway's Service and port", (ingress, rule) -> {
            for (IngressRule ingressRule : Overlays.orEmpty(ingress.getSpec().getRules())) {
                for (HTTPIngressPath path : ingressRule.getHttp().getPaths()) {
                    IngressServiceBackend backend = path.getBackend().getService();
                    Optional<Service> target = backend == null ? Optional.empty() : objects.named(Service.class, backend.getName());
                    rule.check(subject(ingress) + " " + path.getPath(), backend != null && "gateway".equals(backend.getName())
                            && target.isPresent() && target.get().getSpec().getPorts().stream().anyMatch(p ->
                            (p.getName() != null && p.getName().equals(backend.getPort().getName()))
                                    || Objects.equals(p.getPort(), backend.getPort().getNumber())), "backend " + backend);
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theBodySizeIsTheGatewaysLargestRouteBody(String overlay) {
        long largest = GatewayRoutes.largestBody();
        everyIngress(overlay, "Ingress: body size = the gateway's largest route body (Route.java)", (ingress, rule) -> {
            String body = bodySize(ingress);
            rule.check(subject(ingress), body != null && bytes(body) == largest, body + " vs " + largest + " bytes");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theBodySizeIsTheGatewaysMaxBodySize(String overlay) {
        String maxBodySize = ApplicationProperties.of("gateway").value("quarkus.http.limits.max-body-size");
        everyIngress(overlay, "Ingress: body size = the gateway's quarkus.http.limits.max-body-size", (ingress, rule) -> {
            String body = bodySize(ingress);
            rule.check(subject(ingress), body != null && maxBodySize != null && bytes(body) == bytes(maxBodySize),
                    body + " vs " + maxBodySize);
        });
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMG]i?|[kmg])?");

    /**
     * A size as nginx ("260m") and Quarkus ("260M") write it: k, m and g are binary multiples for both (unlike
     * Kubernetes quantities, where M is 10^6); Ki, Mi, Gi are accepted too.
     */
    static long bytes(String size) {
        Matcher m = SIZE.matcher(size.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2).substring(0, 1).toUpperCase()) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            default -> 1L << 30;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    private static String bodySize(Ingress ingress) {
        return Overlays.orEmpty(ingress.getMetadata().getAnnotations()).get(BODY_SIZE);
    }

    private static String subject(Ingress ingress) {
        return "Ingress " + ingress.getMetadata().getName();
    }

    private static void everyIngress(String overlay, String ruleName, BiConsumer<Ingress, Violations> check) {
        Violations rule = new Violations(overlay + ": " + ruleName);
        Kustomize.render(overlay).all(Ingress.class).forEach(ingress -> check.accept(ingress, rule));
        rule.assertNone();
    }
}
