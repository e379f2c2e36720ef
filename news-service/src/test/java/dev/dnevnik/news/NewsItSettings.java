package dev.dnevnik.news;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the packaged news-service needs, in its production profile, to be tested within seconds: the settings the
 * {@code %test.} profile gives the JVM tests. Feeds and calendars are served by a WireMock on 127.0.0.1, so that
 * range (only) is allow-listed for the SSRF guard; the scheduler stays off (each test fetches what it adds); jobs are
 * claimed quickly; the chat-completions API (see {@link dev.dnevnik.news.digest.ChatCompletionsStub}) is retried with
 * short waits.
 */
public class NewsItSettings implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.ofEntries(
                Map.entry("dnevnik.feeds.allowed-private-networks", "127.0.0.0/8"),
                Map.entry("dnevnik.feeds.schedule-every", "off"),
                Map.entry("dnevnik.feeds.connect-timeout", "2s"),
                Map.entry("dnevnik.feeds.request-timeout", "5s"),
                Map.entry("dnevnik.feeds.max-body-size", "1M"),
                Map.entry("dnevnik.jobs.lease", "3s"),
                Map.entry("dnevnik.jobs.poll-interval", "500ms"),
                Map.entry("dnevnik.jobs.keep-alive", "1s"),
                Map.entry("dnevnik.llm.timeout", "3s"),
                Map.entry("dnevnik.llm.retry.initial-backoff", "50ms"),
                Map.entry("dnevnik.llm.retry.max-backoff", "200ms"));
    }

    @Override
    public void stop() {
        // nothing started
    }
}
