package dev.dnevnik.gateway.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.dnevnik.gateway.DownstreamStub.server;
import static dev.dnevnik.gateway.GatewayTestSupport.withToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.gateway.DownstreamStub;
import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Telegram sign-in, API keys, the dev login, and the tokens they give. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(DownstreamStub.class)
class AuthTest {

    private static final long ADMIN_TELEGRAM_ID = 777;

    @Inject
    JWTParser parser;

    @Inject
    Pool db;

    private long nextTelegramId = System.nanoTime() % 1_000_000_000L + 1_000;

    @BeforeEach
    void reset() {
        DownstreamStub.reset();
    }

    private Response signIn(String initData) {
        return given().contentType("application/json").body(Map.of("initData", initData)).post("/api/auth/telegram");
    }

    @Test
    void telegramSignInCreatesTheUserOnceAndIssuesATokenTheServicesAccept() throws Exception {
        long telegramId = nextTelegramId++;
        Response first = signIn(TelegramInitDataBuilder.forUser(telegramId, "oksana").signed());
        first.then().statusCode(200)
                .body("tokenType", org.hamcrest.Matchers.equalTo("Bearer"))
                .body("expiresIn", org.hamcrest.Matchers.equalTo(900))
                .body("user.username", org.hamcrest.Matchers.equalTo("oksana"))
                .body("user.displayName", org.hamcrest.Matchers.equalTo("Оксана Test"))
                .body("user.language", org.hamcrest.Matchers.equalTo("uk"))
                .body("user.admin", org.hamcrest.Matchers.equalTo(false));
        String token = first.path("accessToken");
        String userId = first.path("user.id");

        // verified exactly as every service verifies (same public key, same issuer)
        JsonWebToken verified = parser.parse(token);
        assertEquals(userId, verified.getSubject());
        assertEquals(Set.of("user"), verified.getGroups());
        assertEquals("urn:dnevnik:gateway", verified.getIssuer());
        assertTrue(verified.getExpirationTime() - verified.getIssuedAtTime() == 900);

        // the token works through the gateway, and reaches the service unchanged
        server().stubFor(get(urlPathEqualTo("/entries")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
        withToken(token).get("/api/entries").then().statusCode(200);
        server().verify(getRequestedFor(urlPathEqualTo("/entries")).withHeader("Authorization",
                equalTo("Bearer " + token)));

        // signing in again is the same user
        String again = signIn(TelegramInitDataBuilder.forUser(telegramId, "oksana_new").signed()).then().statusCode(200)
                .extract().path("user.id");
        assertEquals(userId, again);
        assertEquals(1L, db.preparedQuery("SELECT count(*) FROM users WHERE telegram_id = $1")
                .execute(Tuple.of(telegramId)).await().indefinitely().iterator().next().getLong(0));
    }

    @Test
    void configuredTelegramIdsAreOperators() throws Exception {
        String token = signIn(TelegramInitDataBuilder.forUser(ADMIN_TELEGRAM_ID, "boss").signed()).then()
                .statusCode(200).body("user.admin", org.hamcrest.Matchers.equalTo(true)).extract().path("accessToken");
        assertTrue(parser.parse(token).getGroups().contains("admin"));
        // past the admin check: sync-service is simply not deployed in tests
        withToken(token).get("/api/sync/runs").then().statusCode(503);
    }

    @Test
    void refusesTamperedStaleOrIncompleteInitDataWith401() {
        String signed = TelegramInitDataBuilder.forUser(nextTelegramId++, "mallory").signed();
        signIn(signed.replace("mallory", "alice")).then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("signature"));
        signIn(TelegramInitDataBuilder.forUser(nextTelegramId++, "late")
                .signedAt(Instant.now().minus(Duration.ofHours(3))).signed())
                .then().statusCode(401).body("detail", containsString("older"));
        signIn(TelegramInitDataBuilder.forUser(nextTelegramId++, "nohash").unsigned()).then().statusCode(401);
        signIn(TelegramInitDataBuilder.forUser(nextTelegramId++, "nouser").without("user").signed())
                .then().statusCode(401);
        signIn(TelegramInitDataBuilder.forUser(nextTelegramId++, "otherbot").signedWith("1:another-bot"))
                .then().statusCode(401);
        given().contentType("application/json").body("{}").post("/api/auth/telegram").then().statusCode(400)
                .body("errors[0].field", containsString("initData"));
    }

    @Test
    void apiKeysAreShownOnceStoredHashedExchangedAndRevoked() {
        String token = devSignIn("key-owner-" + System.nanoTime());
        Response created = withToken(token).contentType("application/json").body(Map.of("name", "nightly export"))
                .post("/api/auth/api-keys");
        created.then().statusCode(201)
                .header("Location", containsString("/api/auth/api-keys/"))
                .body("secret", startsWith("dnv_"))
                .body("prefix", notNullValue());
        String secret = created.path("secret");
        String keyId = created.path("id");
        assertTrue(secret.startsWith(created.path("prefix")));

        withToken(token).get("/api/auth/api-keys").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].name", org.hamcrest.Matchers.equalTo("nightly export"))
                .body("[0].secret", nullValue());
        long storedInClear = db.preparedQuery("SELECT count(*) FROM api_keys WHERE secret_hash = $1 OR prefix = $1")
                .execute(Tuple.of(secret)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(0, storedInClear);

        Response exchanged = given().contentType("application/json").body(Map.of("apiKey", secret))
                .post("/api/auth/token");
        exchanged.then().statusCode(200).body("accessToken", notNullValue());
        assertEquals(subjectOf(token), (String) exchanged.path("user.id"));
        withToken(token).get("/api/auth/api-keys").then().body("[0].lastUsedAt", notNullValue());

        // someone else cannot revoke it
        withToken(devSignIn("intruder-" + System.nanoTime())).delete("/api/auth/api-keys/" + keyId)
                .then().statusCode(404);
        withToken(token).delete("/api/auth/api-keys/" + keyId).then().statusCode(204);
        withToken(token).get("/api/auth/api-keys").then().body("", hasSize(0));
        given().contentType("application/json").body(Map.of("apiKey", secret)).post("/api/auth/token")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void apiKeyManagementNeedsASignedInUserAndAValidName() {
        given().get("/api/auth/api-keys").then().statusCode(401).contentType("application/problem+json");
        String token = devSignIn("validator-" + System.nanoTime());
        withToken(token).contentType("application/json").body(Map.of("name", " ")).post("/api/auth/api-keys")
                .then().statusCode(400).body("errors.field", hasItem(containsString("name")));
        // a name PostgreSQL could not store
        withToken(token).contentType("application/json").body("{\"name\":\"nightly\\u0000export\"}")
                .post("/api/auth/api-keys").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("name"))
                .body("errors[0].message", containsString("U+0000"));
        withToken(token).get("/api/auth/api-keys").then().body("", hasSize(0));
        given().contentType("application/json").body(Map.of("apiKey", "dnv_made-up")).post("/api/auth/token")
                .then().statusCode(401);
    }

    @Test
    void theOperatorKeyGivesAnAdminToken() throws Exception {
        String token = given().contentType("application/json").body(Map.of("apiKey", "dnv_operator-test-key"))
                .post("/api/auth/token").then().statusCode(200).body("user.admin", org.hamcrest.Matchers.equalTo(true))
                .extract().path("accessToken");
        assertTrue(parser.parse(token).getGroups().contains("admin"));
    }

    @Test
    void devLoginSignsInNamedUsers() {
        String alice = devSignIn("alice");
        assertEquals(subjectOf(alice), subjectOf(devSignIn("alice")));
        assertNotEquals(subjectOf(alice), subjectOf(devSignIn("bob")));
        given().contentType("application/json").body(Map.of("name", "no spaces please")).post("/api/auth/dev")
                .then().statusCode(400);
        given().contentType("application/json").body(Map.of("name", "ops", "admin", true)).post("/api/auth/dev")
                .then().statusCode(200).body("user.admin", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void tokensAreNotCachedByBrowsers() {
        given().contentType("application/json").body(Map.of("name", "cache")).post("/api/auth/dev")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }

    private static String devSignIn(String name) {
        return given().contentType("application/json").body(Map.of("name", name)).post("/api/auth/dev")
                .then().statusCode(200).extract().path("accessToken");
    }

    private String subjectOf(String token) {
        try {
            return parser.parse(token).getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
