package dev.dnevnik.k8s.manifests;

import static dev.dnevnik.k8s.RenderedObjects.describe;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.Platform;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every object of an overlay carries, and that the five services are there. */
class ObjectsTest {

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyNamespacedObjectIsInNamespaceDnevnik(String overlay) {
        Violations rule = new Violations(overlay + ": every namespaced object is in namespace dnevnik");
        for (HasMetadata object : Kustomize.render(overlay).objects()) {
            if (!(object instanceof Namespace)) {
                rule.check(describe(object), Platform.NAMESPACE.equals(object.getMetadata().getNamespace()),
                        "namespace " + object.getMetadata().getNamespace());
            }
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyObjectIsLabelledPartOfDnevnik(String overlay) {
        Violations rule = new Violations(overlay + ": every object is labelled app.kubernetes.io/part-of=dnevnik");
        for (HasMetadata object : Kustomize.render(overlay).objects()) {
            rule.check(describe(object), "dnevnik".equals(Overlays.orEmpty(object.getMetadata().getLabels())
                    .get("app.kubernetes.io/part-of")));
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theFiveServicesAreDeployed(String overlay) {
        RenderedObjects objects = Kustomize.render(overlay);
        Violations rule = new Violations(overlay + ": the five services are deployed");
        for (String service : Overlays.SERVICES) {
            rule.check(service, objects.named(Deployment.class, service).isPresent(), "no Deployment " + service);
        }
        rule.assertNone();
    }
}
