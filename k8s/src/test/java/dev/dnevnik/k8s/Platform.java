package dev.dnevnik.k8s;

import java.util.List;

/** What the manifests deploy, as the design fixes it. */
public final class Platform {

    /** The five services, the gateway first (the others are the services it calls). */
    public static final List<String> SERVICES =
            List.of("gateway", "transcription-service", "diary-service", "news-service", "sync-service");

    public static final String NAMESPACE = "dnevnik";

    private Platform() {
    }
}
