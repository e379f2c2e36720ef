package dev.dnevnik.transcription.provider;

import static dev.dnevnik.transcription.TranscriptionTestSupport.as;
import static dev.dnevnik.transcription.TranscriptionTestSupport.clip;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without STT_PRIMARY_API_KEY (or GROQ_API_KEY) the service runs, and says what is missing. */
@QuarkusTest
@TestProfile(NoProviderConfiguredTest.NoKeys.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transcription"))
class NoProviderConfiguredTest {

    public static class NoKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // empty overrides any key a developer's environment may hold
            return Map.of("dnevnik.stt.primary.api-key", "", "dnevnik.stt.secondary.base-url", "");
        }
    }

    @Test
    void answers503NamingTheVariableToSet() {
        as(UUID.randomUUID()).multiPart("file", clip("speech.ogg").toFile(), "audio/ogg").post("/transcriptions")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://dnevnik.dev/problems/transcription/no-provider"))
                .body("detail", containsString("STT_PRIMARY_API_KEY"))
                .body("detail", containsString("GROQ_API_KEY"));
    }

    @Test
    void stillServesReadsAndHealth() {
        as(UUID.randomUUID()).get("/transcriptions").then().statusCode(200).body("items.size()", equalTo(0));
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }
}
