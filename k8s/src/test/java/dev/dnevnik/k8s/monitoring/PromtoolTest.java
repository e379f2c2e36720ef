package dev.dnevnik.k8s.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnevnik.k8s.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * promtool (Debian package prometheus) checks the rules and dashboard queries and runs the alerts' unit tests; without
 * it these tests are skipped, with the reason.
 */
class PromtoolTest {

    static List<String> unitTestFiles() {
        return PromtoolFiles.unitTestSources().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void theAlertAndRecordingRulesPassPromtoolCheckRules() {
        Tool.PROMTOOL.require();
        List<String> arguments = new ArrayList<>(List.of("check", "rules"));
        PromtoolFiles.ruleFiles().forEach(f -> arguments.add(f.toString()));
        assertSucceeds(Tool.PROMTOOL.run(PromtoolFiles.directory(), arguments.toArray(String[]::new)));
    }

    @Test
    void everyDashboardQueryParses() {
        Tool.PROMTOOL.require();
        Path queries = PromtoolFiles.dashboardQueries();
        assertSucceeds(Tool.PROMTOOL.run(PromtoolFiles.directory(), "check", "rules", queries.toString()));
    }

    @ParameterizedTest
    @MethodSource("unitTestFiles")
    void theAlertsUnitTestsPass(String file) {
        Tool.PROMTOOL.require();
        assertSucceeds(Tool.PROMTOOL.run(PromtoolFiles.unitTests(), "test", "rules", file));
    }

    private static void assertSucceeds(Tool.Run run) {
        assertEquals(0, run.exitCode(), run::describe);
    }
}
