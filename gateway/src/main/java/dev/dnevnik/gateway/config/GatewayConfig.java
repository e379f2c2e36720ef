package dev.dnevnik.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Everything the gateway is told from outside: where the services are, how it protects them, who may do what. */
@ConfigMapping(prefix = "dnevnik.gateway")
public interface GatewayConfig {

    /** The services behind the gateway, by name (diary, transcription, news, sync). */
    Map<String, Downstream> services();

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

    interface Downstream {
        /** Where the service listens; unset means the service is not deployed and its routes answer 503. */
        Optional<URI> url();

        /** How long the service may take to start answering a request, per attempt. */
        @WithDefault("10s")
        Duration timeout();

        /** Retries of idempotent requests after a connect failure, a timeout or a 5xx. */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("100ms")
        Duration retryBackoff();

        /** Connections kept to the service. */
        @WithDefault("200")
        int poolSize();

        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        @WithDefault("20")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open circuit stays open before a trial request; also the Retry-After sent meanwhile. */
        @WithDefault("10s")
        Duration delay();
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
