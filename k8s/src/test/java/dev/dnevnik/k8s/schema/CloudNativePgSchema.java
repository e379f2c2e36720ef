package dev.dnevnik.k8s.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudNativePG's {@code Cluster} and {@code Database} (postgresql.cnpg.io/v1) have no fabric8 model, so they are
 * checked against this hand-written excerpt of CloudNativePG's API reference (1.27,
 * https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/): the fields the manifests use, with their types
 * and documented values, and the fields the CRD requires (Cluster: {@code spec.instances}; Database:
 * {@code spec.cluster}, {@code spec.name}, {@code spec.owner}; {@code spec.cluster.name} too, which the CRD calls
 * "effectively required"). A field outside the excerpt fails, so a misspelt or misplaced one does; using a new field
 * means copying its entry from the reference. {@code metadata} and the embedded Kubernetes types
 * ({@code spec.resources}) are read strictly with the fabric8 model.
 *
 * <p>Not checked, unlike a real API server with the CRD installed: the CRD's other constraints (minimums, CEL rules)
 * and its fields that this excerpt leaves out (they fail here until added).
 */
final class CloudNativePgSchema {

    private static final String API_VERSION = "postgresql.cnpg.io/v1";

    private static final Shape CLUSTER_SPEC = object()
            .required("instances", integer(1))
            .optional("imageName", string())
            .optional("primaryUpdateStrategy", oneOf("unsupervised", "supervised"))
            .optional("enableSuperuserAccess", bool())
            .optional("storage", object().optional("size", quantity()).optional("storageClass", string()))
            .optional("resources", model(ResourceRequirements.class))
            .optional("affinity", object()
                    .optional("enablePodAntiAffinity", bool())
                    .optional("topologyKey", string())
                    .optional("podAntiAffinityType", oneOf("preferred", "required")))
            .optional("inheritedMetadata", object().optional("labels", stringMap()).optional("annotations", stringMap()))
            .optional("postgresql", object().optional("parameters", stringMap()))
            .optional("bootstrap", object().optional("initdb", object()
                    .optional("database", string())
                    .optional("owner", string())
                    .optional("encoding", string())
                    .optional("localeCollate", string())
                    .optional("localeCType", string())))
            .optional("managed", object().optional("roles", listOf(object()
                    .required("name", string())
                    .optional("ensure", oneOf("present", "absent"))
                    .optional("login", bool())
                    .optional("superuser", bool())
                    .optional("createdb", bool())
                    .optional("createrole", bool())
                    .optional("inherit", bool())
                    .optional("replication", bool())
                    .optional("bypassrls", bool())
                    .optional("connectionLimit", integer(-1))
                    .optional("passwordSecret", object().required("name", string()))
                    .optional("inRoles", listOf(string()))
                    .optional("comment", string()))));

    private static final Shape DATABASE_SPEC = object()
            .required("cluster", object().required("name", string()))
            .required("name", string())
            .required("owner", string())
            .optional("ensure", oneOf("present", "absent"))
            .optional("encoding", string())
            .optional("locale", string())
            .optional("localeCollate", string())
            .optional("localeCType", string())
            .optional("template", string())
            .optional("connectionLimit", integer(-1))
            .optional("allowConnections", bool())
            .optional("isTemplate", bool())
            .optional("databaseReclaimPolicy", oneOf("retain", "delete"));

    private static final Map<String, Shape> SPECS = Map.of("Cluster", CLUSTER_SPEC, "Database", DATABASE_SPEC);

    private CloudNativePgSchema() {
    }

    static boolean covers(String apiVersion, String kind) {
        return API_VERSION.equals(apiVersion) && SPECS.containsKey(kind);
    }

    static List<String> violations(JsonNode object) {
        Shape resource = object()
                .required("apiVersion", string())
                .required("kind", string())
                .required("metadata", model(ObjectMeta.class))
                .required("spec", SPECS.get(object.path("kind").asText()));
        List<String> violations = new ArrayList<>();
        resource.check("", object, violations);
        return violations;
    }

    /** A JSON shape that reports what in a value does not fit it. */
    @FunctionalInterface
    private interface Shape {
        void check(String path, JsonNode value, List<String> violations);
    }

    private static Shape string() {
        return (path, value, violations) -> expect(value.isTextual(), path, value, "a string", violations);
    }

    private static Shape bool() {
        return (path, value, violations) -> expect(value.isBoolean(), path, value, "a boolean", violations);
    }

    private static Shape integer(int minimum) {
        return (path, value, violations) ->
                expect(value.isIntegralNumber() && value.asLong() >= minimum, path, value, "an integer >= " + minimum, violations);
    }

    private static Shape oneOf(String... allowed) {
        Set<String> values = Set.of(allowed);
        return (path, value, violations) ->
                expect(value.isTextual() && values.contains(value.asText()), path, value, "one of " + values, violations);
    }

    private static Shape quantity() {
        return (path, value, violations) -> {
            boolean parses;
            try {
                parses = value.isTextual() && Quantity.parse(value.asText()) != null;
            } catch (IllegalArgumentException e) {
                parses = false;
            }
            expect(parses, path, value, "a quantity string such as 10Gi", violations);
        };
    }

    private static Shape stringMap() {
        return (path, value, violations) -> {
            if (expect(value.isObject(), path, value, "a map of strings", violations)) {
                value.properties().forEach(e -> string().check(path + "." + e.getKey(), e.getValue(), violations));
            }
        };
    }

    private static Shape listOf(Shape item) {
        return (path, value, violations) -> {
            if (expect(value.isArray(), path, value, "a list", violations)) {
                for (int i = 0; i < value.size(); i++) {
                    item.check(path + "[" + i + "]", value.get(i), violations);
                }
            }
        };
    }

    /** An embedded Kubernetes type, read strictly with its fabric8 model. */
    private static Shape model(Class<?> type) {
        return (path, value, violations) -> KubernetesModel.violations(value, type).forEach(v -> violations.add(path + v));
    }

    private static ObjectShape object() {
        return new ObjectShape(new LinkedHashMap<>(), new LinkedHashSet<>());
    }

    /** An object with known fields only; the required ones must be there. */
    private record ObjectShape(Map<String, Shape> fields, Set<String> requiredFields) implements Shape {

        ObjectShape required(String name, Shape shape) {
            requiredFields.add(name);
            return optional(name, shape);
        }

        ObjectShape optional(String name, Shape shape) {
            fields.put(name, shape);
            return this;
        }

        @Override
        public void check(String path, JsonNode value, List<String> violations) {
            if (!expect(value.isObject(), path, value, "an object", violations)) {
                return;
            }
            for (String name : requiredFields) {
                if (!value.has(name) || value.get(name).isNull()) {
                    violations.add(path + "." + name + ": required, missing");
                }
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                Shape shape = fields.get(field.getKey());
                if (shape == null) {
                    violations.add(path + "." + field.getKey() + ": unknown field (known: " + fields.keySet() + ")");
                } else {
                    shape.check(path + "." + field.getKey(), field.getValue(), violations);
                }
            }
        }
    }

    private static boolean expect(boolean ok, String path, JsonNode value, String expected, List<String> violations) {
        if (!ok) {
            violations.add(path + ": " + value + " is not " + expected);
        }
        return ok;
    }
}
