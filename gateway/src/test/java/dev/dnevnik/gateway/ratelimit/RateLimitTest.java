package dev.dnevnik.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Token buckets in memory (one replica): 3 transcriptions per minute per user in the test profile. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class RateLimitTest {

    @BeforeEach
    void reset() {
        DownstreamStub.reset();
        server().stubFor(post("/transcriptions").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"t\"}")));
        server().stubFor(get(urlPathEqualTo("/transcriptions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
    }

    @Test
    void refusesTheRequestOverTheLimitWith429AndTellsWhenToComeBack() {
        RateLimitAssertions.overTheTranscriptionLimit(UUID.randomUUID());
        server().verify(3, postRequestedFor(urlEqualTo("/transcriptions")));
    }

    @Test
    void eachUserHasTheirOwnBucketAndOtherRoutesTheirOwnLimit() {
        UUID busy = UUID.randomUUID();
        RateLimitAssertions.overTheTranscriptionLimit(busy);
        // reading is limited separately (default group), another user has a full bucket
        as(busy).get("/api/transcriptions").then().statusCode(200).header("RateLimit-Limit", "1000");
        as(UUID.randomUUID()).multiPart("file", "a.ogg", new byte[] { 1 }, "audio/ogg").post("/api/transcriptions")
                .then().statusCode(201).header("RateLimit-Remaining", "2");
    }

    @Test
    void countsRejectionsInTheMetrics() {
        RateLimitAssertions.overTheTranscriptionLimit(UUID.randomUUID());
        given().get("/q/metrics").then()
                .body(containsString("dnevnik_gateway_rate_limited_total{group=\"transcriptions\"}"))
                .body(containsString("dnevnik_gateway_requests_seconds_count{route=\"transcription\",status=\"429\"}"));
    }
}
