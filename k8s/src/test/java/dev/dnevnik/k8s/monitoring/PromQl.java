package dev.dnevnik.k8s.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's syntax to find the metric names and label matchers of an expression; promtool then parses
 * every expression for real (PromtoolTest), so what these patterns miss in syntax cannot hide an invalid query.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^{}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern WORD = Pattern.compile("(?<![\\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern OPENING_PARENTHESIS = Pattern.compile("\\s*\\(");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    /** What Grafana substitutes into a dashboard query, so that the query is plain PromQL. */
    static final String VARIABLE = "__VAR__";

    private PromQl() {
    }

    /** A dashboard query as PromQL: Grafana's interval variables as durations, the others as a placeholder value. */
    static String fromGrafana(String query) {
        return query.replaceAll("\\$__rate_interval|\\$\\{__rate_interval}", "5m")
                .replaceAll("\\$__interval|\\$__range", "1h")
                .replaceAll("\\$\\{?\\w+}?", VARIABLE);
    }

    /** The metric names of an expression (not functions, keywords, label names, strings or durations). */
    static Set<String> metricNames(String expression) {
        String e = STRING.matcher(expression).replaceAll("\"\"");
        e = e.replaceAll("\\{[^{}]*}", "");
        e = e.replaceAll("\\[[^\\[\\]]*]", "");
        e = GROUPING.matcher(e).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        for (Matcher word = WORD.matcher(e); word.find(); ) {
            boolean isFunction = OPENING_PARENTHESIS.matcher(e).region(word.end(), e.length()).lookingAt();
            if (!KEYWORDS.contains(word.group(1).toLowerCase()) && !isFunction) {
                names.add(word.group(1));
            }
        }
        return names;
    }

    /** A label matcher of a selector: {@code label op "value"}. */
    record LabelMatcher(String label, String operator, String value) {
    }

    /** A selector with braces: the metric and its matchers. */
    record Selector(String metric, List<LabelMatcher> matchers) {
    }

    static List<Selector> selectors(String expression) {
        List<Selector> selectors = new ArrayList<>();
        for (Matcher selector = SELECTOR.matcher(expression); selector.find(); ) {
            List<LabelMatcher> matchers = new ArrayList<>();
            for (Matcher m = MATCHER.matcher(selector.group(2)); m.find(); ) {
                matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
            }
            selectors.add(new Selector(selector.group(1), matchers));
        }
        return selectors;
    }
}
