package dev.dnevnik.k8s.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dnevnik.k8s.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * promtool's inputs, written under target/promtool/: each PrometheusRule's groups as a plain rule file
 * ({@code <name>.rules.yaml}, what a Prometheus without the Operator loads too), every dashboard query as a recording
 * rule (so that promtool parses it), and a copy of tests/*.yaml in tests/, next to which the rule files lie as the
 * tests name them ({@code ../dnevnik-red.rules.yaml}).
 */
final class PromtoolFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE).build();

    private PromtoolFiles() {
    }

    static Path directory() {
        return Repository.workDirectory("promtool");
    }

    /** The rule files extracted from the rendered PrometheusRules. */
    static synchronized List<Path> ruleFiles() {
        List<Path> files = new ArrayList<>();
        for (JsonNode prometheusRule : MonitoringObjects.render().documentsOfKind("PrometheusRule")) {
            ObjectNode ruleFile = JsonNodeFactory.instance.objectNode();
            ruleFile.set("groups", prometheusRule.path("spec").path("groups"));
            files.add(write(prometheusRule.path("metadata").path("name").asText() + ".rules.yaml", ruleFile));
        }
        return files;
    }

    /** Every dashboard query as a recording rule of one group, Grafana's variables substituted. */
    static synchronized Path dashboardQueries() {
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        for (Dashboard dashboard : Dashboard.all()) {
            for (MonitoringObjects.Expression query : dashboard.queries()) {
                rules.addObject().put("record", "dashboard:query_" + rules.size()).put("expr", PromQl.fromGrafana(query.promql()));
            }
        }
        ObjectNode ruleFile = JsonNodeFactory.instance.objectNode();
        ruleFile.putArray("groups").addObject().put("name", "dashboard-queries").set("rules", rules);
        return write("dashboards.queries.yaml", ruleFile);
    }

    /** The unit tests as written: k8s/monitoring/tests/*.yaml. */
    static List<Path> unitTestSources() {
        try (Stream<Path> files = Files.list(Repository.k8s().resolve("monitoring/tests"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory the unit tests run in: their copies, with the rule files they name written next to it. */
    static synchronized Path unitTests() {
        ruleFiles();
        try {
            Path tests = Files.createDirectories(directory().resolve("tests"));
            for (Path source : unitTestSources()) {
                Files.copy(source, tests.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return tests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String name, JsonNode content) {
        Path file = directory().resolve(name);
        try {
            YAML.writeValue(file.toFile(), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
