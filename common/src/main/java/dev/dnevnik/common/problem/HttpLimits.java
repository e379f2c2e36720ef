package dev.dnevnik.common.problem;

import java.util.Map;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** Request body limits tighter than the global {@code quarkus.http.limits.max-body-size}, for particular paths. */
@ConfigMapping(prefix = "dnevnik.http")
public interface HttpLimits {

    /**
     * Exact request path to its body limit, e.g. {@code dnevnik.http.max-body-size-by-path."/transcriptions"=26M}
     * while a batch path keeps the larger global limit.
     */
    @WithName("max-body-size-by-path")
    Map<String, MemorySize> maxBodySizeByPath();
}
