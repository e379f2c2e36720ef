package dev.dnevnik.k8s.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Grafana dashboards load through the sidecar, once each, and every query runs on the chosen data source. */
class DashboardsTest {

    private static final String DATASOURCE = "${datasource}";

    static List<String> dashboards() {
        return Dashboard.all().stream().map(Dashboard::file).toList();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyDashboardIsValidJson(String file) {
        Violations rule = new Violations("dashboards: valid JSON");
        Dashboard dashboard = dashboard(file);
        rule.check(file, dashboard.invalidJson().isEmpty(), dashboard.invalidJson().orElse(""));
        rule.assertNone();
    }

    @Test
    void everyDashboardHasAUniqueUid() {
        Violations rule = new Violations("dashboards: unique uid");
        Map<String, String> uids = new HashMap<>();
        for (Dashboard dashboard : Dashboard.all()) {
            String uid = dashboard.board().path("uid").asText("");
            String other = uids.putIfAbsent(uid, dashboard.file());
            rule.check(dashboard.file(), !uid.isEmpty() && other == null, "uid '" + uid + "'" + (other == null ? "" : " also in " + other));
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyDashboardIsInExactlyOneConfigMapTheSidecarLoads(String file) {
        Dashboard dashboard = dashboard(file);
        List<String> holders = sidecarConfigMaps().stream()
                .filter(c -> dashboard.text().equals(Objects.requireNonNullElse(c.getData(), Map.<String, String>of()).get(file)))
                .map(c -> c.getMetadata().getName()).toList();
        Violations rule = new Violations("dashboards: in exactly one ConfigMap labelled grafana_dashboard=1");
        rule.check(file, holders.size() == 1, "in " + holders);
        rule.assertNone();
    }

    @Test
    void everyConfigMapFileIsADashboardOfDashboards() {
        Violations rule = new Violations("dashboards: every ConfigMap file is a dashboard of dashboards/");
        for (ConfigMap configMap : sidecarConfigMaps()) {
            for (String key : Objects.requireNonNullElse(configMap.getData(), Map.<String, String>of()).keySet()) {
                rule.check(configMap.getMetadata().getName() + "/" + key, Files.exists(Dashboard.directory().resolve(key)));
            }
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelIsOnTheDatasourceVariable(String file) {
        Violations rule = new Violations("dashboards: every panel on the ${datasource} variable");
        for (JsonNode panel : dashboard(file).panels()) {
            rule.check(file + ": " + panel.path("title").asText(), DATASOURCE.equals(panel.path("datasource").path("uid").asText()));
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyQueryIsOnTheDatasourceVariable(String file) {
        Violations rule = new Violations("dashboards: every query on the ${datasource} variable");
        for (JsonNode panel : dashboard(file).panels()) {
            for (JsonNode target : panel.path("targets")) {
                rule.check(file + ": " + panel.path("title").asText(), DATASOURCE.equals(target.path("datasource").path("uid").asText()));
            }
        }
        rule.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyQueryVariableIsLabelValuesOfASelector(String file) {
        Violations rule = new Violations("dashboards: variables are label_values(selector, label)");
        for (JsonNode variable : dashboard(file).queryVariables()) {
            String query = Dashboard.variableQuery(variable);
            rule.check(file + ": $" + variable.path("name").asText(), Dashboard.LABEL_VALUES.matcher(query).matches(), query);
        }
        rule.assertNone();
    }

    private static Dashboard dashboard(String file) {
        return Dashboard.all().stream().filter(d -> d.file().equals(file)).findFirst().orElseThrow();
    }

    /** The rendered ConfigMaps Grafana's sidecar loads (label grafana_dashboard: "1"). */
    private static List<ConfigMap> sidecarConfigMaps() {
        return MonitoringObjects.render().all(ConfigMap.class).stream()
                .filter(c -> "1".equals(Objects.requireNonNullElse(c.getMetadata().getLabels(), Map.<String, String>of()).get("grafana_dashboard")))
                .toList();
    }
}
