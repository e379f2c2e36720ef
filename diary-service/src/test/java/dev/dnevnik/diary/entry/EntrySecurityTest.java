package dev.dnevnik.diary.entry;

import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.createEntry;
import static dev.dnevnik.diary.entry.DiaryTestSupport.entryRow;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.mutiny.sqlclient.Pool;

/** Only a valid token gets in, and only the owner sees or changes an entry. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class EntrySecurityTest {

    @Inject
    Pool db;

    @Inject
    JWTParser jwtParser;

    @Test
    void rejectsRequestsWithoutATokenWith401Problem() {
        given().get("/entries").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://dnevnik.dev/problems/unauthorized"))
                .body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(Map.of("body", "x")).post("/entries").then().statusCode(401);
    }

    @Test
    void rejectsBadExpiredForgedAndForeignIssuerTokens() {
        UUID user = UUID.randomUUID();
        for (String token : new String[] {
                "not.a.jwt",
                TestTokens.expired(user),
                TestTokens.forged(user),
                TestTokens.withIssuer(user, "https://evil.example"),
                TestTokens.withSubject("alice") }) {
            given().auth().oauth2(token).get("/entries").then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://dnevnik.dev/problems/unauthorized"));
        }
    }

    @Test
    void treatsAnotherUsersEntryAsNotFoundForEveryOperation() {
        UUID owner = UUID.randomUUID();
        UUID intruder = UUID.randomUUID();
        String id = createEntry(owner, Map.of("body", "private thoughts", "tags", java.util.List.of("secret")));

        as(intruder).get("/entries/" + id).then().statusCode(404);
        as(intruder).header("If-Match", "\"0\"").body(Map.of("body", "defaced")).put("/entries/" + id)
                .then().statusCode(404);
        as(intruder).header("If-Match", "*").body(Map.of("body", "defaced")).put("/entries/" + id)
                .then().statusCode(404);
        as(intruder).delete("/entries/" + id).then().statusCode(404);
        as(intruder).get("/entries").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(intruder).queryParam("q", "private").get("/entries").then().body("items.id", not(hasItem(id)));
        as(intruder).queryParam("tag", "secret").get("/entries").then().body("items.id", not(hasItem(id)));

        var row = entryRow(db, id);
        assertEquals("private thoughts", row.getString("body"));
        assertEquals(0L, row.getLong("version"));
        as(owner).get("/entries/" + id).then().statusCode(200);
    }

    @Test
    void verifiesEachDistinctTokenOnce() throws Exception {
        // the service's own parser is the caching one (common's CachingJwtParserTest: failures are never cached)
        String token = TestTokens.user(UUID.randomUUID());

        assertSame(jwtParser.parse(token), jwtParser.parse(token), "the second parse is served from the cache");
    }

    @Test
    void keepsAnotherUsersStatsOutOfMine() {
        UUID busy = UUID.randomUUID();
        createEntry(busy, Map.of("body", "one two three"));

        as(UUID.randomUUID()).get("/entries/stats").then().statusCode(200)
                .body("totalEntries", equalTo(0))
                .body("totalWords", equalTo(0));
    }
}
