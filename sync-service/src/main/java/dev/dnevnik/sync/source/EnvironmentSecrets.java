package dev.dnevnik.sync.source;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Secrets from the process environment. */
@ApplicationScoped
@DefaultBean
public class EnvironmentSecrets implements Secrets {

    @Override
    public String value(String name) {
        return System.getenv(name);
    }
}
