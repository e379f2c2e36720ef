package dev.dnevnik.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** /q/openapi describes the whole public API: the gateway's own operations and the routed services' ones. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class OpenApiTest {

    @Test
    void describesTheGatewaysAndTheServicesOperationsUnderApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/auth/telegram"))
                .body("paths", hasKey("/api/auth/api-keys"))
                .body("paths", hasKey("/api/voice-entries"))
                .body("paths", hasKey("/api/dashboard"))
                // from diary-service and transcription-service, moved under /api
                .body("paths", hasKey("/api/entries"))
                .body("paths", hasKey("/api/entries/{id}"))
                .body("paths", hasKey("/api/entries/stats"))
                .body("paths", hasKey("/api/transcriptions"))
                .body("paths", hasKey("/api/transcriptions/batch"))
                .body("paths", not(hasKey("/entries")))
                .body("paths.'/api/entries'.post.operationId", org.hamcrest.Matchers.equalTo("createEntry"))
                .body("components.responses", hasKey("TooManyRequests"));
    }
}
