package dev.dnevnik.diary;

import static dev.dnevnik.diary.entry.DiaryTestAccess.whileTheDatabaseDropsTheConnection;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.RawHttp;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** Every 4xx and 5xx a client can receive is a problem+json body, whichever layer refuses the request. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class ProblemAnswersTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Pool db;

    @TestHTTPResource("/")
    URL service;

    private final String token = TestTokens.user(UUID.randomUUID());

    @Test
    void unknownRoutesWrongMethodsAndWrongMediaTypesAreProblems() {
        given().auth().oauth2(token).get("/no-such-thing").then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://dnevnik.dev/problems/not-found"));
        given().auth().oauth2(token).delete("/entries").then().statusCode(405).contentType(PROBLEM)
                .body("type", equalTo("https://dnevnik.dev/problems/method-not-allowed"));
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("just text").post("/entries")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("https://dnevnik.dev/problems/unsupported-media-type"));
    }

    @Test
    void aDatabaseThatDropsTheConnectionIsA503WithRetryAfterAndNoInternals() throws Exception {
        Response answer = whileTheDatabaseDropsTheConnection(db, () -> given().auth().oauth2(token)
                .contentType(ContentType.JSON).body(Map.of("body", "during a restart")).post("/entries"));

        answer.then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", "5")
                .body("type", equalTo("https://dnevnik.dev/problems/service-unavailable"))
                .body("detail", containsString("database"));
        String body = answer.asString();
        for (String internal : new String[] { "Exception", "insert", "into", "57P01", "SQL", "pg_", "terminat", "Connection" }) {
            assertFalse(body.contains(internal), "the answer leaks '" + internal + "': " + body);
        }
    }

    @Test
    void anOversizeBodyIsRefusedFromItsContentLengthBeforeItIsSent() throws Exception {
        // announces 10 MB and sends nothing: only an answer that does not wait for the body can arrive
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(), "POST /entries HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000");

        assertEquals(413, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertEquals("close", answer.header("connection"));
        assertTrue(answer.body().contains("https://dnevnik.dev/problems/payload-too-large"), answer.body());
    }

    @Test
    void anOversizeChunkedBodyIsRefusedWhileItStreams() throws Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST /entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        // 1 MB in 64 KB chunks, twice the service's 512 KB limit, never finished
        for (int i = 0; i < 16; i++) {
            request.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(chunk);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(), request.toByteArray(),
                Duration.ofSeconds(20));

        assertEquals(413, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertTrue(answer.body().contains("payload-too-large"), answer.body());
    }

    @Test
    void aRequestLineTooLongForTheServerIsA414Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(),
                "GET /entries?q=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost");

        assertEquals(414, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertTrue(answer.body().contains("\"type\":\"https://dnevnik.dev/problems/uri-too-long\""), answer.body());
    }

    @Test
    void headersTooLargeForTheServerAreA431Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(),
                "GET /entries HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(30_000));

        assertEquals(431, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertTrue(answer.body().contains("headers-too-large"), answer.body());
    }

    @Test
    void unencodedUtf8InTheRequestLineIsA400Problem() throws Exception {
        // what curl sends for 'http://.../entries?q=гулять' without -G --data-urlencode
        byte[] request = ("GET /entries?q=гулять HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(), request, Duration.ofSeconds(20));

        assertEquals(400, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
        assertTrue(answer.body().contains("malformed-request") && answer.body().contains("percent-encode"),
                answer.body());
        // the same search, percent-encoded, is fine
        given().auth().oauth2(token).queryParam("q", "гулять").get("/entries").then().statusCode(200);
    }

    @Test
    void somethingThatIsNotHttpIsA400Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(service.getHost(), service.getPort(),
                "GET /entries HTTP/1.1\r\nHost: localhost\r\nthis line has no colon");

        assertEquals(400, answer.status());
        assertEquals(PROBLEM, answer.header("content-type"));
    }

    @Test
    void problemsCarryTheRequestIdAndNoStackTrace() {
        given().auth().oauth2(token).header("X-Request-Id", "problem-req-1").get("/no-such-thing")
                .then().statusCode(404).body("requestId", equalTo("problem-req-1"))
                .body(not(containsString("at dev.dnevnik")));
    }
}
