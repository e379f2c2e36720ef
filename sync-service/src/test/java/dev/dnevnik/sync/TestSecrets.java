package dev.dnevnik.sync;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dnevnik.sync.source.Secrets;

/** The environment the tests' runs read their secrets from. */
@ApplicationScoped
public class TestSecrets implements Secrets {

    private static final Map<String, String> VALUES = Map.of(
            "YELP_PARTNER_USER", ProgramsApi.USER,
            "YELP_PARTNER_PASSWORD", ProgramsApi.PASSWORD,
            "CATALOG_TOKEN", "catalog-test-token");

    @Override
    public String value(String name) {
        return VALUES.get(name);
    }
}
