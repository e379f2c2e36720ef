package dev.dnevnik.gateway.ratelimit;

import static dev.dnevnik.gateway.GatewayTestSupport.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import io.restassured.response.Response;

/** The same expectations for both bucket stores. */
final class RateLimitAssertions {

    private RateLimitAssertions() {
    }

    /** Three uploads pass with a shrinking RateLimit-Remaining; the fourth is refused. */
    static void overTheTranscriptionLimit(UUID user) {
        for (int remaining = 2; remaining >= 0; remaining--) {
            upload(user).then().statusCode(201)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", Integer.toString(remaining));
        }
        refused(user);
    }

    static void refused(UUID user) {
        Response refused = upload(user);
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://dnevnik.dev/problems/too-many-requests"))
                .body("detail", containsString("transcriptions"))
                .header("RateLimit-Limit", "3")
                .header("RateLimit-Remaining", "0");
        // 3 per minute refill one every 20 s
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        long reset = Long.parseLong(refused.header("RateLimit-Reset"));
        assertTrue(reset > 40 && reset <= 60, "RateLimit-Reset " + reset);
    }

    static Response upload(UUID user) {
        return as(user).multiPart("file", "a.ogg", new byte[] { 1, 2, 3 }, "audio/ogg").post("/api/transcriptions");
    }
}
