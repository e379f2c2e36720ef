package dev.dnevnik.k8s;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dnevnik.k8s.schema.KubernetesModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects of one render: each as the YAML said it ({@link #documents()}, for the schema check and the kinds
 * without a model) and as its fabric8 model object ({@link #objects()}, for the policy checks).
 */
public record RenderedObjects(String directory, List<JsonNode> documents, List<HasMetadata> objects) {

    /** Strict about the YAML itself: a key written twice is an error, not "the last one wins". */
    public static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    static RenderedObjects parse(String directory, String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the render of k8s/" + directory + " is no YAML", e);
        }
        return new RenderedObjects(directory, List.copyOf(documents),
                documents.stream().map(KubernetesModel::read).toList());
    }

    /** Every object of a model class (e.g. every Deployment). */
    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The object of a model class with that name. */
    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** Every object of a kind, as written: for the kinds without a fabric8 model (CloudNativePG's). */
    public List<JsonNode> documentsOfKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** "Kind/name", how failure messages name an object. */
    public static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
