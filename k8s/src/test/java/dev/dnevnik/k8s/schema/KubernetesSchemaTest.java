package dev.dnevnik.k8s.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization of k8s/ renders, and every object it renders is valid against the Kubernetes API schema. */
class KubernetesSchemaTest {

    static Stream<String> kustomizations() {
        return Stream.of(Kustomize.JVM, Kustomize.NATIVE, Kustomize.MANAGED_POSTGRESQL, Kustomize.MONITORING, Kustomize.BASE);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyKustomizationRendersWithKubectlKustomize(String directory) {
        assertFalse(Kustomize.render(directory).documents().isEmpty(), "k8s/" + directory + " renders no object");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyRenderedObjectMatchesTheKubernetesApiSchema(String directory) {
        Violations rule = new Violations("every object of k8s/" + directory + " matches the API schema (fabric8 model, read strictly)");
        for (JsonNode object : Kustomize.render(directory).documents()) {
            List<String> violations = KubernetesModel.violations(object);
            rule.check(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(),
                    violations.isEmpty(), String.join("; ", violations));
        }
        rule.assertNone();
    }
}
