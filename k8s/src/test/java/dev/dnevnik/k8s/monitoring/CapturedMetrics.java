package dev.dnevnik.k8s.monitoring;

import dev.dnevnik.k8s.Platform;
import dev.dnevnik.k8s.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The services' real /q/metrics (k8s/monitoring/testdata/*.metrics, how they were captured: testdata/README.md) as
 * Prometheus stores them after scraping through the ServiceMonitors: with the target labels added and the gateway's
 * own "service" label renamed "downstream" (its ServiceMonitor's metricRelabelings).
 *
 * @param labels    metric name -> label -> every value captured
 * @param services  metric name -> the services whose capture has it
 * @param files     how many capture files were read
 */
record CapturedMetrics(Map<String, Map<String, Set<String>>> labels, Map<String, Set<String>> services, int files) {

    /** Labels every scraped series gets from its target (the ServiceMonitors' relabelling and Prometheus' own). */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "service", "pod", "job", "instance", "container", "endpoint");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static CapturedMetrics load() {
        Map<String, Map<String, Set<String>>> labels = new TreeMap<>();
        Map<String, Set<String>> services = new HashMap<>();
        List<Path> captures;
        try (Stream<Path> files = Files.list(Repository.k8s().resolve("monitoring/testdata"))) {
            captures = files.filter(f -> f.getFileName().toString().endsWith(".metrics")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path capture : captures) {
            String file = capture.getFileName().toString();
            // diary-service-jvm.metrics is diary-service too
            String service = Platform.SERVICES.stream().filter(file::startsWith).findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " is no service's capture"));
            try {
                for (String line : Files.readAllLines(capture)) {
                    Matcher sample = SAMPLE.matcher(line);
                    if (!sample.find()) {
                        continue;
                    }
                    Map<String, String> series = new HashMap<>();
                    for (Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2)); label.find(); ) {
                        series.put(label.group(1), label.group(2));
                    }
                    if (service.equals("gateway") && series.containsKey("service")) {
                        series.put("downstream", series.remove("service"));
                    }
                    series.putAll(Map.of("namespace", "dnevnik", "service", service, "pod", service + "-0", "job", service,
                            "instance", "", "container", service, "endpoint", "http"));
                    Map<String, Set<String>> known = labels.computeIfAbsent(sample.group(1), m -> new TreeMap<>());
                    series.forEach((label, value) -> known.computeIfAbsent(label, l -> new TreeSet<>()).add(value));
                    services.computeIfAbsent(sample.group(1), m -> new TreeSet<>()).add(service);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CapturedMetrics(labels, services, captures.size());
    }

    boolean has(String metric) {
        return labels.containsKey(metric);
    }
}
