package dev.dnevnik.gateway.client;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.gateway.config.GatewayConfig;
import dev.dnevnik.gateway.routing.GatewayMetrics;
import dev.dnevnik.gateway.routing.Route;

/** The services of the route table that are deployed (have a URL), each with its guard. */
@ApplicationScoped
public class Downstreams {

    private final Map<String, DownstreamService> deployed = new TreeMap<>();

    public Downstreams(GatewayConfig config, GatewayMetrics metrics) {
        for (String service : Route.services()) {
            GatewayConfig.Service settings = config.services().get(service);
            if (settings != null) {
                settings.url().ifPresent(url -> deployed.put(service,
                        new DownstreamService(service, url, settings, metrics)));
            }
        }
    }

    /** The service of this name, if it is deployed. */
    public Optional<DownstreamService> find(String service) {
        return Optional.ofNullable(deployed.get(service));
    }

    public boolean isDeployed(String service) {
        return deployed.containsKey(service);
    }

    public Iterable<DownstreamService> all() {
        return deployed.values();
    }
}
