package dev.dnevnik.k8s.manifests;

import dev.dnevnik.k8s.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's application.properties reads from the environment in production: every {@code ${NAME...}} of a
 * line that is not a comment and not for another profile than prod; a {@code ${NAME}} without a default is required.
 */
record ApplicationProperties(Set<String> read, Set<String> required, Map<String, String> values) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:|})");

    static ApplicationProperties of(String module) {
        Path path = Repository.root().resolve(module).resolve("src/main/resources/application.properties");
        Set<String> read = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String raw : Files.readAllLines(path)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || (line.startsWith("%") && !line.startsWith("%prod."))) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.putIfAbsent(line.substring(0, equals), line.substring(equals + 1).strip());
                }
                Matcher variable = VARIABLE.matcher(line);
                while (variable.find()) {
                    read.add(variable.group(1));
                    if (variable.group(2).equals("}")) {
                        required.add(variable.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ApplicationProperties(read, required, values);
    }

    /** A property's value as written (before any ${...} is resolved). */
    String value(String key) {
        return values.get(key);
    }
}
