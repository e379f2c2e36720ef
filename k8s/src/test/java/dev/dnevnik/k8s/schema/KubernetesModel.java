package dev.dnevnik.k8s.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Kubernetes API schema as the fabric8 model knows it, used strictly.
 *
 * <p>fabric8's classes keep any field they do not know in {@code additionalProperties} and coerce scalars ("8080" into
 * an int), so reading a manifest into them proves nothing by itself. Here an object passes only if
 * <ol>
 *   <li>its apiVersion and kind name a model class (fabric8's own registry: the {@code KubernetesResource} service
 *       files of the model jars on the class path);</li>
 *   <li>it reads into that class with the "any property" catch-all switched off, so an unknown or misplaced field is
 *       an error naming its path;</li>
 *   <li>written back, it is the same JSON tree: a value of the wrong type (a string where the API has an integer, a
 *       number where it has a string) or anything the model would drop or change fails, with the path.</li>
 * </ol>
 * A number and a string never compare equal, even for quantities (the API server accepts {@code cpu: 1}): the
 * manifests quote them, as the API server writes them back. Omitting an empty list or map equals writing it empty.
 *
 * <p>Kinds without a fabric8 model (CloudNativePG's) are checked against {@link CloudNativePgSchema} instead.
 */
public final class KubernetesModel {

    private static final Map<String, Class<? extends HasMetadata>> CLASSES = registry();

    /** Reads as fabric8 does by default: unknown fields land in additionalProperties. For the policy checks. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Reads and writes without the catch-all and without coercing scalars: the strict schema. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }

                @Override
                public Boolean hasAnyGetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private KubernetesModel() {
    }

    /** The model class of an apiVersion and kind, if fabric8 has one on the class path. */
    public static Optional<Class<? extends HasMetadata>> modelClass(String apiVersion, String kind) {
        return Optional.ofNullable(CLASSES.get(apiVersion + " " + kind));
    }

    /** An object as the policy checks read it: its model class, or a generic resource for a kind without one. */
    public static HasMetadata read(JsonNode object) {
        Optional<Class<? extends HasMetadata>> type = modelClass(object.path("apiVersion").asText(), object.path("kind").asText());
        try {
            Class<? extends HasMetadata> target = type.isPresent() ? type.get() : GenericKubernetesResource.class;
            return LENIENT.treeToValue(object, target);
        } catch (JsonProcessingException e) {
            // the schema test says what is wrong; the policy checks see the object as a kind they do not check
            return LENIENT.convertValue(object, GenericKubernetesResource.class);
        }
    }

    /** What is wrong with a rendered object against the API schema; empty when it is valid. */
    public static List<String> violations(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        if (CloudNativePgSchema.covers(apiVersion, kind)) {
            return CloudNativePgSchema.violations(object);
        }
        Optional<Class<? extends HasMetadata>> type = modelClass(apiVersion, kind);
        if (type.isEmpty()) {
            return List.of("no API model for apiVersion '" + apiVersion + "' kind '" + kind + "' (a wrong apiVersion or"
                    + " kind, or a custom resource nobody described: see KubernetesModel and CloudNativePgSchema)");
        }
        return violations(object, type.get());
    }

    /** What is wrong with a JSON value read as {@code type} (an object or part of one), paths from the value's root. */
    public static List<String> violations(JsonNode value, Class<?> type) {
        Object read;
        try {
            read = STRICT.treeToValue(value, type);
        } catch (JsonMappingException e) {
            return List.of(path(e) + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (reading " + type.getSimpleName() + ")");
        } catch (JsonProcessingException e) {
            return List.of(e.getOriginalMessage());
        }
        List<String> differences = new ArrayList<>();
        compare("", value, STRICT.valueToTree(read), differences);
        return differences;
    }

    private static void compare(String path, JsonNode written, JsonNode readBack, List<String> differences) {
        if (written.isObject() && readBack.isObject()) {
            for (Map.Entry<String, JsonNode> field : written.properties()) {
                String at = path + "." + field.getKey();
                JsonNode back = readBack.get(field.getKey());
                if (back == null) {
                    if (!isEmpty(field.getValue())) {
                        differences.add(at + ": the model drops it (" + describe(field.getValue()) + ")");
                    }
                } else {
                    compare(at, field.getValue(), back, differences);
                }
            }
            for (Map.Entry<String, JsonNode> field : readBack.properties()) {
                String name = field.getKey();
                if (!written.has(name) && !isEmpty(readBack.get(name))) {
                    differences.add(path + "." + name + ": the model adds " + describe(readBack.get(name)));
                }
            }
        } else if (written.isArray() && readBack.isArray()) {
            if (written.size() != readBack.size()) {
                differences.add(path + ": " + written.size() + " items read back as " + readBack.size());
                return;
            }
            for (int i = 0; i < written.size(); i++) {
                compare(path + "[" + i + "]", written.get(i), readBack.get(i), differences);
            }
        } else if (written.isNumber() && readBack.isNumber()) {
            if (written.decimalValue().compareTo(readBack.decimalValue()) != 0) {
                differences.add(path + ": " + describe(written) + " reads back as " + describe(readBack));
            }
        } else if (!written.equals(readBack)) {
            differences.add(path + ": " + describe(written) + " where the API has " + describe(readBack)
                    + (written.isNumber() && readBack.isTextual() ? " (quote it: the API stores a string here)" : ""));
        }
    }

    private static boolean isEmpty(JsonNode node) {
        return node.isNull() || (node.isContainerNode() && node.isEmpty());
    }

    private static String describe(JsonNode node) {
        String type = node.isTextual() ? "the string" : node.isNumber() ? "the number" : node.isBoolean() ? "the boolean"
                : node.isArray() ? "a list" : node.isObject() ? "an object" : node.getNodeType().name().toLowerCase();
        String text = node.toString();
        return type + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }

    /** apiVersion + " " + kind -> class, from the service files the fabric8 model jars ship. */
    private static Map<String, Class<? extends HasMetadata>> registry() {
        Map<String, Class<? extends HasMetadata>> classes = new TreeMap<>();
        ClassLoader loader = KubernetesModel.class.getClassLoader();
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/services/" + KubernetesResource.class.getName()))) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    for (String name : reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .collect(Collectors.toList())) {
                        Class<?> type = Class.forName(name, false, loader);
                        if (HasMetadata.class.isAssignableFrom(type) && !KubernetesResourceList.class.isAssignableFrom(type)
                                && !Modifier.isAbstract(type.getModifiers())) {
                            @SuppressWarnings("unchecked")
                            Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
                            classes.putIfAbsent(HasMetadata.getApiVersion(resource) + " " + HasMetadata.getKind(resource), resource);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a fabric8 service file names a missing class", e);
        }
        return Map.copyOf(classes);
    }
}
