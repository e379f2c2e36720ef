package dev.dnevnik.k8s.monitoring;

import dev.dnevnik.k8s.Violations;
import dev.dnevnik.k8s.monitoring.MonitoringObjects.Expression;
import dev.dnevnik.k8s.monitoring.PromQl.LabelMatcher;
import dev.dnevnik.k8s.monitoring.PromQl.Selector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric, label and label value a rule or dashboard query names exists: in the services' captured /q/metrics
 * (CapturedMetrics), as a recording rule, or as a metric of Prometheus, kube-state-metrics or cAdvisor (BUILT_INS). A
 * misspelt metric or label never fails in Prometheus: the query just finds nothing, and the alert never fires.
 */
class MetricNamesTest {

    /** Metrics that do not come from Dnevnik, with the labels they carry (null: any, e.g. ALERTS has the alerts'). */
    private static final Map<String, Set<String>> BUILT_INS = builtIns();

    private static Map<String, Set<String>> builtIns() {
        Map<String, Set<String>> metrics = new HashMap<>();
        metrics.put("up", CapturedMetrics.TARGET_LABELS);                                         // Prometheus, per target
        metrics.put("ALERTS", null);                                                              // Prometheus
        metrics.put("kube_pod_status_ready", Set.of("namespace", "pod", "uid", "condition"));     // kube-state-metrics
        metrics.put("kube_pod_container_resource_limits",
                Set.of("namespace", "pod", "uid", "container", "node", "resource", "unit"));
        metrics.put("container_memory_working_set_bytes",                                         // cAdvisor
                Set.of("namespace", "pod", "container", "id", "image", "name"));
        metrics.put("container_cpu_usage_seconds_total", Set.of("namespace", "pod", "container", "id", "image", "name", "cpu"));
        return metrics;
    }

    private static final Pattern BY_CLAUSE = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_REPLACE_TARGET = Pattern.compile("label_replace\\([^\"]*\"(\\w+)\"");
    private static final Pattern AGGREGATION = Pattern.compile("\\b(sum|max|min|avg|count)\\b");

    private static CapturedMetrics captured;
    private static Map<String, String> recordingRules;
    private static List<Expression> expressions;

    @BeforeAll
    static void load() {
        captured = CapturedMetrics.load();
    }

    private static List<Expression> expressions() {
        if (expressions == null) {
            recordingRules = MonitoringObjects.recordingRules();
            expressions = MonitoringObjects.expressions().stream()
                    .map(e -> new Expression(e.where(), PromQl.fromGrafana(e.promql()))).toList();
        }
        return expressions;
    }

    @Test
    void everyMetricNameExists() {
        Violations rule = new Violations("metrics: every name exists (captured, recording rule or built-in)");
        for (Expression expression : expressions()) {
            for (String name : PromQl.metricNames(expression.promql())) {
                rule.check(name + " in " + expression.where(),
                        captured.has(name) || recordingRules.containsKey(name) || BUILT_INS.containsKey(name));
            }
        }
        rule.assertNone();
    }

    @Test
    void everySelectorLabelIsOneTheMetricHas() {
        Violations rule = new Violations("labels: every selector label is one the metric has");
        forEveryMatcher((expression, selector, matcher) -> {
            Set<String> allowed = allowedLabels(selector.metric());
            rule.check(selector.metric() + "{" + matcher.label() + "} in " + expression.where(),
                    allowed == null || allowed.contains(matcher.label()), "labels " + allowed);
        });
        rule.assertNone();
    }

    @Test
    void aSelectorNamingAServiceFindsTheMetricInThatServicesCapture() {
        Violations rule = new Violations("labels: the named service exposes the metric");
        forEveryCapturedValueMatcher((expression, selector, matcher) -> {
            if (matcher.label().equals("service")) {
                String pattern = matcher.operator().equals("=~") ? matcher.value() : Pattern.quote(matcher.value());
                rule.check(selector.metric() + "{service" + matcher.operator() + "\"" + matcher.value() + "\"} in " + expression.where(),
                        captured.services().get(selector.metric()).stream().anyMatch(s -> s.matches(pattern)),
                        "captured in " + captured.services().get(selector.metric()));
            }
        });
        rule.assertNone();
    }

    @Test
    void anEqualityMatchersValueWasCaptured() {
        everyCapturedValueMatcher("=", "labels: an equality matcher's value was captured", Set::contains);
    }

    @Test
    void aRegexMatcherMatchesACapturedValue() {
        everyCapturedValueMatcher("=~", "labels: a regex matcher matches a captured value",
                (values, regex) -> values.stream().anyMatch(v -> v.matches(regex)));
    }

    /** A rule over the matchers with this operator whose label value the captures tell. */
    private static void everyCapturedValueMatcher(String operator, String ruleName, BiPredicate<Set<String>, String> matches) {
        Violations rule = new Violations(ruleName);
        forEveryCapturedValueMatcher((expression, selector, matcher) -> {
            if (isValueLabel(matcher) && matcher.operator().equals(operator)) {
                Set<String> values = captured.labels().get(selector.metric()).get(matcher.label());
                rule.check(selector.metric() + "{" + matcher.label() + operator + "\"" + matcher.value() + "\"} in "
                        + expression.where(), matches.test(values, matcher.value()), "captured: " + values);
            }
        });
        rule.assertNone();
    }

    /** Labels whose values the captures tell (not the target's, which depend on the deployment). */
    private static boolean isValueLabel(LabelMatcher matcher) {
        return !CapturedMetrics.TARGET_LABELS.contains(matcher.label());
    }

    @FunctionalInterface
    private interface MatcherCheck {
        void check(Expression expression, Selector selector, LabelMatcher matcher);
    }

    private static void forEveryMatcher(MatcherCheck check) {
        for (Expression expression : expressions()) {
            for (Selector selector : PromQl.selectors(expression.promql())) {
                if (recordingRules.containsKey(selector.metric()) || BUILT_INS.containsKey(selector.metric())
                        || captured.has(selector.metric())) {
                    selector.matchers().forEach(m -> check.check(expression, selector, m));
                }
            }
        }
    }

    /**
     * The positive matchers on captured metrics whose label was captured, with a value that is no Grafana variable:
     * those whose value the captures can confirm.
     */
    private static void forEveryCapturedValueMatcher(MatcherCheck check) {
        forEveryMatcher((expression, selector, matcher) -> {
            boolean capturedMetric = captured.has(selector.metric()) && !recordingRules.containsKey(selector.metric())
                    && !BUILT_INS.containsKey(selector.metric());
            if (capturedMetric && captured.labels().get(selector.metric()).containsKey(matcher.label())
                    && !matcher.value().contains(PromQl.VARIABLE) && !matcher.operator().startsWith("!")) {
                check.check(expression, selector, matcher);
            }
        });
    }

    /** The labels a metric may be selected by: captured ones, a built-in's, or what a recording rule keeps. */
    private static Set<String> allowedLabels(String metric) {
        if (recordingRules.containsKey(metric)) {
            return recordingRuleLabels(metric, new HashSet<>());
        }
        if (BUILT_INS.containsKey(metric)) {
            return BUILT_INS.get(metric);
        }
        return captured.labels().get(metric).keySet();
    }

    /**
     * The labels a recording rule's series carry: its by-clauses and label_replace targets, or, without aggregation,
     * those of the recording rules it divides.
     */
    private static Set<String> recordingRuleLabels(String name, Set<String> seen) {
        String expression = recordingRules.get(name);
        Set<String> labels = new TreeSet<>();
        for (Matcher by = BY_CLAUSE.matcher(expression); by.find(); ) {
            for (String label : by.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        for (Matcher target = LABEL_REPLACE_TARGET.matcher(expression); target.find(); ) {
            labels.add(target.group(1));
        }
        seen.add(name);
        if (!AGGREGATION.matcher(expression).find()) {
            for (String used : PromQl.metricNames(expression)) {
                if (recordingRules.containsKey(used) && !seen.contains(used)) {
                    labels.addAll(recordingRuleLabels(used, seen));
                }
            }
        }
        labels.remove("le");
        return labels;
    }
}
