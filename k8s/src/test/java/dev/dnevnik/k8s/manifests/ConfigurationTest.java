package dev.dnevnik.k8s.manifests;

import static dev.dnevnik.k8s.manifests.ServiceWorkload.everyService;
import static dev.dnevnik.k8s.manifests.ServiceWorkload.theGateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dnevnik.k8s.RenderedObjects;
import dev.dnevnik.k8s.Violations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The environment each service is given matches what its application.properties reads (the typical bug is a wrong
 * name), and every name in it points at something that exists: ports, Services, Secrets, key files, databases.
 */
class ConfigurationTest {

    /** Variables read by the image rather than the application (the ubi9 OpenJDK image's run-java.sh). */
    private static final List<String> READ_BY_THE_IMAGE = List.of("JAVA_OPTS");

    private static final Pattern HTTP_URL = Pattern.compile("http://([a-z0-9-]+):(\\d+)");
    private static final Pattern REDIS_URL = Pattern.compile("redis://([a-z0-9-]+):(\\d+)");

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyEnvFromConfigMapExists(String overlay) {
        everyService(overlay, "every envFrom ConfigMap exists", (s, rule) -> {
            for (EnvFromSource source : Overlays.orEmpty(s.container().getEnvFrom())) {
                ConfigMapEnvSource ref = source.getConfigMapRef();
                if (ref != null) {
                    rule.check(s.subject() + " " + ref.getName(),
                            s.objects().named(ConfigMap.class, ref.getName()).isPresent() || Boolean.TRUE.equals(ref.getOptional()));
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyVariableAServiceIsGivenIsOneItsApplicationPropertiesReads(String overlay) {
        everyService(overlay, "every variable a service is given is one its application.properties reads", (s, rule) -> {
            ApplicationProperties properties = ApplicationProperties.of(s.name());
            for (String variable : new TreeMap<>(s.environment()).keySet()) {
                rule.check(s.subject() + " " + variable,
                        properties.read().contains(variable) || READ_BY_THE_IMAGE.contains(variable));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyVariableAServiceNeedsWithoutADefaultIsGiven(String overlay) {
        everyService(overlay, "every variable a service needs without a default is given", (s, rule) -> {
            for (String variable : ApplicationProperties.of(s.name()).required()) {
                rule.check(s.subject() + " " + variable, s.environment().containsKey(variable));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void portIsTheContainerPortNamedHttp(String overlay) {
        everyService(overlay, "PORT is the container port named http", (s, rule) -> {
            String port = s.value("PORT");
            rule.check(s.subject(), port != null && s.httpPort().isPresent() && port.equals(String.valueOf(s.httpPort().get())),
                    "PORT=" + port + ", http=" + s.httpPort());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void everyServiceHasAServiceOfItsNameThatSelectsItsPods(String overlay) {
        everyService(overlay, "every service has a Service of its name, which selects the Deployment's pods", (s, rule) -> {
            Optional<Service> service = s.objects().named(Service.class, s.name());
            rule.check(s.subject(), service.isPresent()
                    && Overlays.selects(Overlays.selector(service.get().getSpec().getSelector()), s.podLabels()),
                    service.isPresent() ? "selector " + service.get().getSpec().getSelector() : "no Service " + s.name());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theServicesPortHttpTargetsTheContainersPortHttp(String overlay) {
        everyService(overlay, "the Service's port http targets the container's port http", (s, rule) ->
                s.objects().named(Service.class, s.name()).ifPresent(service -> {
                    Optional<ServicePort> http = service.getSpec().getPorts().stream()
                            .filter(p -> "http".equals(p.getName())).findFirst();
                    rule.check(s.subject(), http.isPresent() && ServicesTest.isHttpPort(s, http.get().getTargetPort())
                            && s.httpPort().equals(Optional.of(http.get().getPort())), "ports " + service.getSpec().getPorts());
                }));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void databaseCredentialsComeFromTheServicesOwnSecret(String overlay) {
        everyService(overlay, "database credentials come from the service's own Secret", (s, rule) -> {
            String secret = "dnevnik-" + Overlays.shortName(s.name()) + "-db";
            for (Map.Entry<String, String> variable : Map.of("DB_USER", "username", "DB_PASSWORD", "password").entrySet()) {
                ServiceWorkload.Variable given = s.environment().get(variable.getKey());
                SecretKeySelector ref = given == null ? null : given.secret();
                rule.check(s.subject() + " " + variable.getKey(), ref != null && secret.equals(ref.getName())
                        && variable.getValue().equals(ref.getKey()), "from " + ref);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void jwtKeyLocationsAreFilesTheMountedSecretsProvide(String overlay) {
        everyService(overlay, "JWT key locations are files the mounted Secrets provide", (s, rule) -> {
            Map<String, SecretFile> files = secretFiles(s);
            for (String variable : List.of("JWT_PUBLIC_KEY_LOCATION", "JWT_PRIVATE_KEY_LOCATION")) {
                if (s.environment().containsKey(variable)) {
                    rule.check(s.subject() + " " + variable, files.containsKey(s.value(variable)),
                            s.value(variable) + " not among " + files.keySet());
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theJwtPrivateKeyIsMountedInTheGatewayOnly(String overlay) {
        everyService(overlay, "the JWT private key is mounted in the gateway only", (s, rule) -> {
            boolean mountsPrivateKey = secretFiles(s).values().stream().anyMatch(f -> f.secret().equals("dnevnik-jwt-private"));
            rule.check(s.subject(), mountsPrivateKey == s.name().equals("gateway"), "mounts it: " + mountsPrivateKey);
        });
    }

    /** A file a mounted Secret puts into the container: which Secret, which key. */
    record SecretFile(String secret, String key) {
    }

    /** Path -> Secret file, for every Secret volume (plain or projected) the container mounts, by its items. */
    private static Map<String, SecretFile> secretFiles(ServiceWorkload s) {
        Map<String, SecretFile> files = new TreeMap<>();
        for (VolumeMount mount : Overlays.orEmpty(s.container().getVolumeMounts())) {
            Optional<Volume> volume = Overlays.orEmpty(Overlays.pod(s.deployment()).getVolumes()).stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst();
            if (volume.isEmpty()) {
                continue;
            }
            List<Map.Entry<String, List<KeyToPath>>> secrets = new ArrayList<>();
            if (volume.get().getSecret() != null) {
                secrets.add(Map.entry(volume.get().getSecret().getSecretName(), Overlays.orEmpty(volume.get().getSecret().getItems())));
            }
            if (volume.get().getProjected() != null) {
                for (VolumeProjection source : Overlays.orEmpty(volume.get().getProjected().getSources())) {
                    if (source.getSecret() != null) {
                        secrets.add(Map.entry(source.getSecret().getName(), Overlays.orEmpty(source.getSecret().getItems())));
                    }
                }
            }
            for (Map.Entry<String, List<KeyToPath>> secret : secrets) {
                for (KeyToPath item : secret.getValue()) {
                    files.put(mount.getMountPath().replaceAll("/$", "") + "/" + item.getPath(), new SecretFile(secret.getKey(), item.getKey()));
                }
            }
        }
        return files;
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#withCloudNativePg")
    void withCloudNativePgDbHostIsTheClustersReadWriteService(String overlay) {
        everyServiceAndCluster(overlay, "with CloudNativePG, DB_HOST is the Cluster's rw Service", (s, cluster, rule) ->
                rule.check(s.subject(), (clusterName(cluster) + "-rw").equals(s.value("DB_HOST")), "DB_HOST=" + s.value("DB_HOST")));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#withCloudNativePg")
    void withCloudNativePgEachServicesRoleIsManagedFromItsDatabaseSecret(String overlay) {
        everyServiceAndCluster(overlay, "with CloudNativePG, each service's role is managed from its database Secret",
                (s, cluster, rule) -> rule.check(s.subject(), rolesOf(s, cluster).size() == 1,
                        rolesOf(s, cluster).size() + " roles with its Secret"));
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#withCloudNativePg")
    void withCloudNativePgTheRoleCanLogIn(String overlay) {
        everyServiceAndCluster(overlay, "with CloudNativePG, the role can log in", (s, cluster, rule) -> {
            List<JsonNode> roles = rolesOf(s, cluster);
            if (roles.size() == 1) {
                JsonNode role = roles.getFirst();
                rule.check(s.subject(), role.path("login").asBoolean(false)
                        && role.path("ensure").asText("present").equals("present"), role.toString());
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#withCloudNativePg")
    void withCloudNativePgEachServicesDatabaseIsDeclaredOwnedByItsRole(String overlay) {
        everyServiceAndCluster(overlay, "with CloudNativePG, each service's database (DB_NAME) is declared, owned by its role",
                (s, cluster, rule) -> {
                    List<JsonNode> roles = rolesOf(s, cluster);
                    if (roles.size() != 1) {
                        return;
                    }
                    List<JsonNode> databases = s.objects().documentsOfKind("Database").stream()
                            .filter(db -> db.path("spec").path("name").asText().equals(s.value("DB_NAME"))
                                    && db.path("spec").path("cluster").path("name").asText().equals(clusterName(cluster)))
                            .toList();
                    rule.check(s.subject(), databases.size() == 1 && databases.getFirst().path("spec").path("owner").asText()
                            .equals(roles.getFirst().path("name").asText()), "DB_NAME=" + s.value("DB_NAME"));
                });
    }

    @FunctionalInterface
    private interface ClusterRule {
        void check(ServiceWorkload service, JsonNode cluster, Violations violations);
    }

    /** A rule for every service and every CloudNativePG Cluster of an overlay that has the component. */
    private static void everyServiceAndCluster(String overlay, String ruleName, ClusterRule rule) {
        everyService(overlay, ruleName, (s, violations) -> {
            for (JsonNode cluster : s.objects().documentsOfKind("Cluster")) {
                rule.check(s, cluster, violations);
            }
        });
    }

    private static String clusterName(JsonNode cluster) {
        return cluster.path("metadata").path("name").asText();
    }

    /** The Cluster's managed roles whose password comes from the service's database Secret. */
    private static List<JsonNode> rolesOf(ServiceWorkload s, JsonNode cluster) {
        String secret = "dnevnik-" + Overlays.shortName(s.name()) + "-db";
        return StreamSupport.stream(cluster.path("spec").path("managed").path("roles").spliterator(), false)
                .filter(role -> role.path("passwordSecret").path("name").asText().equals(secret)).toList();
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theGatewaysServiceUrlsNameAServiceAndItsPort(String overlay) {
        theGateway(overlay, "the gateway's *_SERVICE_URL name a Service and its port", (s, rule) -> {
            for (String variable : new TreeMap<>(s.environment()).keySet()) {
                if (variable.endsWith("_SERVICE_URL")) {
                    rule.check(s.subject() + " " + variable, namesAServicePort(s.objects(), HTTP_URL, s.value(variable)),
                            s.value(variable));
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void theGatewayIsToldWhereEveryServiceIs(String overlay) {
        theGateway(overlay, "the gateway is told where every service is", (s, rule) -> {
            for (String upstream : Overlays.UPSTREAMS) {
                String variable = Overlays.shortName(upstream).toUpperCase() + "_SERVICE_URL";
                rule.check(s.subject() + " " + variable, s.environment().containsKey(variable));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.dnevnik.k8s.manifests.Overlays#all")
    void redisUrlNamesTheRedisServiceAndItsPort(String overlay) {
        everyService(overlay, "REDIS_URL names the Redis Service and its port", (s, rule) -> {
            if (s.environment().containsKey("REDIS_URL")) {
                rule.check(s.subject(), namesAServicePort(s.objects(), REDIS_URL, s.value("REDIS_URL")), s.value("REDIS_URL"));
            }
        });
    }

    /** Whether a URL's host is a Service of the render and its port one of that Service's ports. */
    private static boolean namesAServicePort(RenderedObjects objects, Pattern url, String value) {
        Matcher m = url.matcher(value == null ? "" : value);
        if (!m.matches()) {
            return false;
        }
        int port = Integer.parseInt(m.group(2));
        return objects.named(Service.class, m.group(1))
                .map(service -> service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port)).orElse(false);
    }
}
