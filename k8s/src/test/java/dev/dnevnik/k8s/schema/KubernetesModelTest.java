package dev.dnevnik.k8s.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dnevnik.k8s.RenderedObjects;
import org.junit.jupiter.api.Test;

/** The strict schema check must be able to fail: each broken object here is one a lenient reading would accept. */
class KubernetesModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: diary-service
              labels: {app.kubernetes.io/name: diary-service}
            spec:
              selector:
                matchLabels: {app.kubernetes.io/name: diary-service}
              template:
                metadata:
                  labels: {app.kubernetes.io/name: diary-service}
                spec:
                  automountServiceAccountToken: false
                  containers:
                    - name: diary-service
                      image: ghcr.io/dnevnik/diary-service:1.0.0-jvm
                      imagePullPolicy: IfNotPresent
                      ports:
                        - {name: http, containerPort: 8082}
                      resources:
                        requests: {cpu: 250m, memory: 384Mi}
                        limits: {cpu: "1", memory: 512Mi}
                      readinessProbe:
                        httpGet: {path: /q/health/ready, port: http}
                  volumes:
                    - name: tmp
                      emptyDir: {}
            """;

    @Test
    void aValidDeploymentPasses() {
        assertThat(KubernetesModel.violations(yaml(DEPLOYMENT))).isEmpty();
    }

    @Test
    void aMisspeltFieldFails() {
        assertThat(KubernetesModel.violations(yaml(DEPLOYMENT.replace("imagePullPolicy:", "imagePullPolicyy:"))))
                .singleElement().asString()
                .startsWith(".spec.template.spec.containers[0].imagePullPolicyy:");
    }

    @Test
    void aFieldInTheWrongPlaceFails() {
        // the image belongs to a container, not to the pod
        String misplaced = DEPLOYMENT.replace("automountServiceAccountToken: false\n",
                "automountServiceAccountToken: false\n      image: ghcr.io/dnevnik/diary-service:1.0.0-jvm\n");
        assertThat(KubernetesModel.violations(yaml(misplaced))).singleElement().asString()
                .startsWith(".spec.template.spec.image:");
    }

    @Test
    void aStringWhereTheApiHasAnIntegerFails() {
        assertThat(KubernetesModel.violations(yaml(DEPLOYMENT.replace("containerPort: 8082", "containerPort: \"8082\""))))
                .singleElement().asString()
                .startsWith(".spec.template.spec.containers[0].ports[0].containerPort:");
    }

    @Test
    void aNumberWhereTheApiHasAStringFails() {
        JsonNode configMap = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: diary-service-config}
                data:
                  PORT: 8082
                """);
        assertThat(KubernetesModel.violations(configMap)).singleElement().asString().startsWith(".data.PORT:");
    }

    @Test
    void aListWhereTheApiHasAnObjectFails() {
        String wrong = DEPLOYMENT.replace("emptyDir: {}", "emptyDir: []");
        assertThat(KubernetesModel.violations(yaml(wrong))).singleElement().asString()
                .startsWith(".spec.template.spec.volumes[0].emptyDir:");
    }

    @Test
    void anUnknownApiVersionFails() {
        assertThat(KubernetesModel.violations(yaml(DEPLOYMENT.replace("apps/v1", "apps/v2"))))
                .singleElement().asString().startsWith("no API model for apiVersion 'apps/v2' kind 'Deployment'");
    }

    @Test
    void aFieldOfAnotherApiVersionFails() {
        // autoscaling/v1 has targetCPUUtilizationPercentage, not v2's metrics
        JsonNode hpa = yaml("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: gateway}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: gateway}
                  minReplicas: 2
                  maxReplicas: 6
                  metrics:
                    - type: Resource
                      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
                """);
        assertThat(KubernetesModel.violations(hpa)).singleElement().asString().startsWith(".spec.metrics:");
    }

    @Test
    void theMonitoringKindsAreReadStrictlyToo() {
        JsonNode monitor = yaml("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: gateway}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: gateway}}
                  endpoints:
                    - port: http
                      path: /q/metrics
                """);
        assertThat(KubernetesModel.violations(monitor)).isEmpty();
        assertThat(KubernetesModel.violations(yaml(monitor.toString().replace("\"path\"", "\"metricsPath\""))))
                .singleElement().asString().startsWith(".spec.endpoints[0].metricsPath:");
    }

    @Test
    void aCloudNativePgClusterIsCheckedAgainstTheHandWrittenExcerpt() {
        String cluster = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: dnevnik-pg}
                spec:
                  instances: 3
                  storage: {size: 10Gi}
                  resources:
                    requests: {cpu: 500m, memory: 1Gi}
                """;
        assertThat(KubernetesModel.violations(yaml(cluster))).isEmpty();
        assertThat(KubernetesModel.violations(yaml(cluster.replace("instances: 3", "instance: 3"))))
                .satisfiesExactly(
                        missing -> assertThat(missing).isEqualTo(".spec.instances: required, missing"),
                        misspelt -> assertThat(misspelt).startsWith(".spec.instance: unknown field"));
        assertThat(KubernetesModel.violations(yaml(cluster.replace("instances: 3", "instances: \"3\""))))
                .singleElement().asString().startsWith(".spec.instances:");
        // the embedded Kubernetes type is read with its fabric8 model
        assertThat(KubernetesModel.violations(yaml(cluster.replace("requests:", "request:"))))
                .singleElement().asString().startsWith(".spec.resources.request:");
    }

    @Test
    void aCloudNativePgDatabaseNeedsItsClusterNameAndOwner() {
        JsonNode database = yaml("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Database
                metadata: {name: dnevnik-diary}
                spec:
                  cluster: {name: dnevnik-pg}
                  name: dnevnik_diary
                  ownr: dnevnik_diary
                """);
        assertThat(KubernetesModel.violations(database)).satisfiesExactly(
                missing -> assertThat(missing).isEqualTo(".spec.owner: required, missing"),
                misspelt -> assertThat(misspelt).startsWith(".spec.ownr: unknown field"));
    }

    private static JsonNode yaml(String text) {
        try {
            return RenderedObjects.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
