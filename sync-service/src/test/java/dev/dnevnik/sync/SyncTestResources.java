package dev.dnevnik.sync;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;

/**
 * The one set of test resources every sync-service test class uses (so the application boots once for all of them):
 * a real PostgreSQL database and WireMock emulating the Yelp partner programs API.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync"))
@WithTestResource(ProgramsApiStub.class)
public @interface SyncTestResources {
}
