package dev.dnevnik.common.http;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Body limits from configuration: {@code quarkus.http.limits.max-body-size} everywhere, tighter ones for exact paths
 * in {@code dnevnik.http.max-body-size-by-path} (e.g. a single upload held to one file while its batch path keeps the
 * larger global limit).
 */
@DefaultBean
@ApplicationScoped
public class ConfiguredBodyLimits implements RequestBodyLimits {

    private final long global;
    private final Map<String, Long> byPath;

    public ConfiguredBodyLimits(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> global, ByPath byPath) {
        this.global = global.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.byPath = byPath.maxBodySizeByPath().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> entry.getValue().asLongValue()));
    }

    @Override
    public long maxBytes(String path) {
        return byPath.getOrDefault(path, global);
    }

    @ConfigMapping(prefix = "dnevnik.http")
    public interface ByPath {
        /** Exact request path to its body limit, e.g. {@code dnevnik.http.max-body-size-by-path."/transcriptions"=26M}. */
        @WithName("max-body-size-by-path")
        Map<String, MemorySize> maxBodySizeByPath();
    }
}
