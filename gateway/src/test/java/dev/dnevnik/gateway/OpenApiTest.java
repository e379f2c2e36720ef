package dev.dnevnik.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

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

    /**
     * news-service's operations, under /api. The document comes from the news-service artifact this build resolved
     * (the reactor's, or the local repository's when only the gateway is built): one without paths is a stale build
     * of news-service, said as such rather than as a missing path.
     */
    @Test
    void describesNewsServicesOperationsUnderApi() {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().path("paths");
        for (String path : List.of("/api/news", "/api/news/stats", "/api/news/{id}", "/api/categories",
                "/api/subscriptions", "/api/subscriptions/{category}", "/api/events", "/api/digests",
                "/api/digests/latest", "/api/digests/{id}", "/api/digests/{id}/events", "/api/feeds",
                "/api/feeds/{id}", "/api/feeds/{id}/refresh")) {
            assertTrue(paths.containsKey(path), path + " is not described: the gateway merged a news-service OpenAPI "
                    + "document without it (a stale news-service-*-openapi.json? build news-service in the same "
                    + "reactor, or install it); described: " + paths.keySet());
        }
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", not(hasKey("/news")))
                .body("paths", not(hasKey("/digests/{id}/events")))
                .body("paths.'/api/digests'.post.operationId", equalTo("createDigest"))
                .body("paths.'/api/digests/{id}/events'.get.operationId", equalTo("streamDigestEvents"))
                .body("paths.'/api/news/stats'.get.operationId", equalTo("getNewsStats"))
                .body("paths.'/api/feeds'.post.operationId", equalTo("createFeed"))
                .body("paths.'/api/feeds'.post.responses", hasKey("403"));
    }

    @Test
    void describesSyncServicesOperationsUnderApi() {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().path("paths");
        for (String path : List.of("/api/sync/sources", "/api/sync/sources/{id}", "/api/sync/sources/{id}/runs",
                "/api/sync/sources/{id}/items", "/api/sync/sources/examples/yelp-programs", "/api/sync/runs",
                "/api/sync/runs/{id}", "/api/sync/runs/{id}/events", "/api/sync/runs/{id}/cancel")) {
            assertTrue(paths.containsKey(path), path + " is not described: the gateway merged a sync-service OpenAPI "
                    + "document without it (a stale sync-service-*-openapi.json?); described: " + paths.keySet());
        }
        assertTrue(!paths.containsKey("/sync/sources"), "the service's own paths are moved under /api");
    }
}
