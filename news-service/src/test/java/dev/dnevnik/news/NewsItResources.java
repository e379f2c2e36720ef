package dev.dnevnik.news;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.dnevnik.news.digest.ChatCompletionsStub;
import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;

/**
 * The resources of every news-service {@code @QuarkusIntegrationTest} (the same set, so the packaged service is
 * launched once for all of them): a real PostgreSQL database reachable from the test, the test key pair as files,
 * WireMock as the chat-completions API, and the settings the production profile needs for quick tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "news_it"))
@WithTestResource(TestKeysResource.class)
@WithTestResource(ChatCompletionsStub.class)
@WithTestResource(NewsItSettings.class)
public @interface NewsItResources {
}
