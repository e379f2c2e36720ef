package dev.dnevnik.k8s.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dnevnik.k8s.Kustomize;
import dev.dnevnik.k8s.RenderedObjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rendered k8s/monitoring: its PrometheusRules' rules, and every PromQL expression of rules and dashboards. */
final class MonitoringObjects {

    private MonitoringObjects() {
    }

    static RenderedObjects render() {
        return Kustomize.render(Kustomize.MONITORING);
    }

    /** One rule of a PrometheusRule's group, as written. */
    record Rule(String prometheusRule, JsonNode rule) {

        boolean isAlert() {
            return rule.has("alert");
        }

        String name() {
            return isAlert() ? rule.path("alert").asText() : rule.path("record").asText();
        }

        String expression() {
            return rule.path("expr").asText();
        }

        String label(String name) {
            return rule.path("labels").path(name).asText(null);
        }

        String annotation(String name) {
            return rule.path("annotations").path(name).asText(null);
        }

        /** "dnevnik-red/DnevnikHighErrorRatio", how messages name it. */
        String where() {
            return prometheusRule + "/" + name();
        }
    }

    /** A PromQL expression and where it is written (a rule, a dashboard panel, a dashboard variable). */
    record Expression(String where, String promql) {
    }

    /** Every rule of every PrometheusRule of the render, in order. */
    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode prometheusRule : render().documentsOfKind("PrometheusRule")) {
            for (JsonNode group : prometheusRule.path("spec").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(new Rule(prometheusRule.path("metadata").path("name").asText(), rule));
                }
            }
        }
        return rules;
    }

    static List<Rule> alerts() {
        return rules().stream().filter(Rule::isAlert).toList();
    }

    /** Recording rule name -> its expression. */
    static Map<String, String> recordingRules() {
        Map<String, String> records = new LinkedHashMap<>();
        rules().stream().filter(r -> !r.isAlert()).forEach(r -> records.put(r.name(), r.expression()));
        return records;
    }

    /** Every expression of the rules and of the dashboards (those as Grafana would send them, see PromQl). */
    static List<Expression> expressions() {
        List<Expression> expressions = new ArrayList<>();
        rules().forEach(r -> expressions.add(new Expression(r.where(), r.expression())));
        Dashboard.all().forEach(d -> expressions.addAll(d.queries()));
        return expressions;
    }
}
