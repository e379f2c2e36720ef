package dev.dnevnik.k8s.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dnevnik.k8s.Repository;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every alert can be routed and acted on: a severity, texts, a runbook section of its own, and unit tests. */
class AlertsTest {

    private static final String RUNBOOK_BASE = "https://github.com/dnevnik/dnevnik/blob/main/k8s/monitoring/runbooks.md#";
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern ALERT_SECTION = Pattern.compile("^##\\s+(Dnevnik\\w+)\\s*$", Pattern.MULTILINE);

    @Test
    void everyAlertHasASeverityAlertmanagerRoutes() {
        Violations rule = new Violations("alerts: severity info|warning|critical");
        MonitoringObjects.alerts().forEach(a -> rule.check(a.where(), SEVERITIES.contains(a.label("severity")), a.label("severity")));
        rule.assertNone();
    }

    @Test
    void everyAlertHasASummaryADescriptionAndARunbookUrl() {
        Violations rule = new Violations("alerts: summary, description, runbook_url");
        MonitoringObjects.alerts().forEach(a -> rule.check(a.where(), Stream.of("summary", "description", "runbook_url")
                .allMatch(k -> a.annotation(k) != null && !a.annotation(k).isBlank())));
        rule.assertNone();
    }

    @Test
    void everyRunbookUrlIsASectionOfRunbooksMd() {
        Set<String> anchors = new TreeSet<>();
        for (Matcher heading = HEADING.matcher(runbooks()); heading.find(); ) {
            anchors.add(anchor(heading.group(1)));
        }
        Violations rule = new Violations("alerts: runbook_url is a section of runbooks.md");
        MonitoringObjects.alerts().forEach(a -> {
            String url = a.annotation("runbook_url");
            rule.check(a.where(), url != null && url.startsWith(RUNBOOK_BASE) && anchors.contains(url.substring(RUNBOOK_BASE.length())), url);
        });
        rule.assertNone();
    }

    @Test
    void everyRunbookSectionIsNamedAfterItsAlert() {
        Violations rule = new Violations("alerts: the runbook section is named after the alert");
        MonitoringObjects.alerts().forEach(a -> rule.check(a.where(),
                (RUNBOOK_BASE + a.name().toLowerCase()).equals(a.annotation("runbook_url")), a.annotation("runbook_url")));
        rule.assertNone();
    }

    @Test
    void everyRunbookSectionIsAnAlertThatExists() {
        Set<String> alerts = new TreeSet<>(MonitoringObjects.alerts().stream().map(MonitoringObjects.Rule::name).toList());
        Violations rule = new Violations("runbooks: every section is an alert that exists");
        for (Matcher section = ALERT_SECTION.matcher(runbooks()); section.find(); ) {
            rule.check(section.group(1), alerts.contains(section.group(1)));
        }
        rule.assertNone();
    }

    @Test
    void everyAlertHasAUnitTestWhereItFires() {
        everyAlertHasUnitTestCases(true, "tests: every alert has a case where it fires");
    }

    @Test
    void everyAlertHasAUnitTestWhereItDoesNotFire() {
        everyAlertHasUnitTestCases(false, "tests: every alert has a case where it does not fire");
    }

    private static void everyAlertHasUnitTestCases(boolean firing, String ruleName) {
        Map<String, Integer> cases = unitTestCases(firing);
        Violations rule = new Violations(ruleName);
        new TreeSet<>(MonitoringObjects.alerts().stream().map(MonitoringObjects.Rule::name).toList())
                .forEach(alert -> rule.check(alert, cases.getOrDefault(alert, 0) > 0));
        rule.assertNone();
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return Pattern.compile("[^\\w\\- ]", Pattern.UNICODE_CHARACTER_CLASS).matcher(heading.strip().toLowerCase())
                .replaceAll("").replace(" ", "-");
    }

    /** Alert name -> how many alert_rule_test cases of tests/*.yaml expect it to fire (or, with false, expect none). */
    private static Map<String, Integer> unitTestCases(boolean firing) {
        Map<String, Integer> cases = new HashMap<>();
        for (Path file : PromtoolFiles.unitTestSources()) {
            try {
                JsonNode tests = RenderedObjects.YAML.readTree(file.toFile());
                for (JsonNode test : tests.path("tests")) {
                    for (JsonNode alertTest : test.path("alert_rule_test")) {
                        boolean expectsAlerts = !alertTest.path("exp_alerts").isEmpty();
                        if (expectsAlerts == firing) {
                            cases.merge(alertTest.path("alertname").asText(), 1, Integer::sum);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }

    private static String runbooks() {
        try {
            return Files.readString(Repository.k8s().resolve("monitoring/runbooks.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
