package dev.dnevnik.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dnevnik.upstream.UpstreamPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Everything the gateway is told from outside: where the services are, how it protects them, who may do what. */
@ConfigMapping(prefix = "dnevnik.gateway")
public interface GatewayConfig {

    /** The services behind the gateway, by the name the route table uses (diary, transcription, news, sync). */
    Map<String, Service> services();

    RateLimits rateLimit();

    Telegram telegram();

    Tokens token();

    /** {@code POST /api/auth/dev}: on in the dev profile and in the local run, off (404) in production. */
    @WithDefault("false")
    boolean devLogin();

    /**
     * A secret that {@code POST /api/auth/token} exchanges for an operator (admin) token, for scripts run by
     * operators; unset in most deployments.
     */
    Optional<String> adminApiKey();

    Dashboard dashboard();

    /**
     * One service behind the gateway: where it is and how calls to it are guarded ({@code timeout},
     * {@code retry.*}, {@code circuit-breaker.*}), for forwarded requests and the gateway's own calls alike.
     */
    interface Service extends UpstreamPolicy {
        /** Where the service listens; unset means the service is not deployed and its routes answer 503. */
        Optional<URI> url();

        /** Connections kept to the service (per event loop for forwarded requests). */
        @WithDefault("200")
        int poolSize();
    }

    interface RateLimits {
        /** Limits per route group: default, auth, transcriptions. */
        Map<String, Limit> groups();

        /** Redis connection string; when set the buckets live there and hold across replicas. */
        Optional<String> redisUrl();
    }

    interface Limit {
        /** Requests allowed per period (also the burst size). */
        int requests();

        @WithDefault("1m")
        Duration period();
    }

    interface Telegram {
        /** The bot token from @BotFather; unset disables Telegram sign-in (503). */
        Optional<String> botToken();

        /** How old a signed initData may be. */
        @WithDefault("1h")
        Duration maxAge();

        /** Telegram user ids that get the admin group. */
        Optional<List<Long>> adminIds();
    }

    interface Tokens {
        @WithDefault("urn:dnevnik:gateway")
        String issuer();

        @WithDefault("15m")
        Duration ttl();
    }

    interface Dashboard {
        /** Every part of the dashboard must answer within this, or it is listed as degraded. */
        @WithDefault("2s")
        @WithName("part-timeout")
        Duration partTimeout();
    }
}
