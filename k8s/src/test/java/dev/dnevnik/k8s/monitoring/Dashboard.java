package dev.dnevnik.k8s.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnevnik.k8s.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A Grafana dashboard of k8s/monitoring/dashboards: the file as written, and its panels, queries and variables. */
record Dashboard(String file, String text) {

    /** A query variable's query: label_values(selector, label); the selector is PromQL. */
    static final Pattern LABEL_VALUES = Pattern.compile("\\s*label_values\\((.*),\\s*(\\w+)\\)\\s*");

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().map(f -> {
                try {
                    return new Dashboard(f.getFileName().toString(), Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path directory() {
        return Repository.k8s().resolve("monitoring/dashboards");
    }

    /** The dashboard's JSON; a file that is none fails the calling test (everyDashboardIsValidJson says why). */
    JsonNode board() {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** What the JSON parser says about the file, if it is not valid JSON. */
    Optional<String> invalidJson() {
        try {
            JSON.readTree(text);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(e.getOriginalMessage() + " at " + e.getLocation());
        }
    }

    /** Every panel, those inside rows too; rows themselves are not panels here. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        collect(board().path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode items, List<JsonNode> into) {
        for (JsonNode panel : items) {
            if (!"row".equals(panel.path("type").asText())) {
                into.add(panel);
            }
            collect(panel.path("panels"), into);
        }
    }

    /** The variables of type query. */
    List<JsonNode> queryVariables() {
        List<JsonNode> variables = new ArrayList<>();
        board().path("templating").path("list").forEach(v -> {
            if ("query".equals(v.path("type").asText())) {
                variables.add(v);
            }
        });
        return variables;
    }

    static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    /** Every PromQL query: the panels' targets, and the selectors of the label_values variables. */
    List<MonitoringObjects.Expression> queries() {
        List<MonitoringObjects.Expression> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new MonitoringObjects.Expression(file + ": " + panel.path("title").asText(), target.path("expr").asText()));
            }
        }
        for (JsonNode variable : queryVariables()) {
            Matcher m = LABEL_VALUES.matcher(variableQuery(variable));
            if (m.matches()) {
                queries.add(new MonitoringObjects.Expression(file + ": variable $" + variable.path("name").asText(), m.group(1)));
            }
        }
        return queries;
    }
}
