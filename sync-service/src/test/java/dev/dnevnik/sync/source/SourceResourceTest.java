package dev.dnevnik.sync.source;

import static dev.dnevnik.sync.SyncTestData.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.sync.ProgramsApi;
import dev.dnevnik.sync.ProgramsApiStub;
import dev.dnevnik.sync.SyncTestData;
import dev.dnevnik.sync.SyncTestResources;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** Sources through the API: defaults, validation, the Yelp example, operators only; runs and items lists. */
@QuarkusTest
@SyncTestResources
class SourceResourceTest {

    @Inject
    Pool db;

    @BeforeEach
    void clean() {
        ProgramsApiStub.reset();
        SyncTestData.clean(db);
    }

    @Test
    void createsASourceWithItsDefaultsAndReplacesAndDeletesIt() {
        Response created = given().auth().oauth2(OPERATOR).contentType("application/json").body("""
                {"name":"Catalogue","baseUrl":"https://api.example/","path":"/v2/things","itemsPointer":"/data",
                 "totalPointer":"/meta/total","idPointer":"/id","query":{"status":"ALL"},
                 "auth":{"type":"bearer","tokenEnv":"CATALOGUE_TOKEN"}}""").post("/sync/sources");
        created.then().statusCode(201).header("Location", containsString("/sync/sources/"))
                .body("name", equalTo("Catalogue")).body("baseUrl", equalTo("https://api.example"))
                .body("pagination.style", equalTo("offset-limit")).body("pagination.pageSize", equalTo(20))
                .body("pagination.offsetParam", equalTo("offset")).body("pagination.limitParam", equalTo("limit"))
                .body("concurrency", equalTo(16)).body("requestTimeoutMs", equalTo(30000))
                .body("connectTimeoutMs", equalTo(10000)).body("retry.maxRetries", equalTo(4))
                .body("upsertOnly", equalTo(false)).body("auth.tokenEnv", equalTo("CATALOGUE_TOKEN"))
                .body("nextRunAt", nullValue());
        String id = created.path("id");

        given().auth().oauth2(OPERATOR).contentType("application/json").body("""
                {"name":"Catalogue 2","baseUrl":"http://api.example","itemsPointer":"/data","totalPointer":"/total",
                 "idPointer":"/id","pagination":{"style":"page-size","pageSize":50,"firstPage":0},"every":"PT6H"}""")
                .put("/sync/sources/" + id).then().statusCode(200).body("name", equalTo("Catalogue 2"))
                .body("pagination.pageParam", equalTo("page")).body("pagination.sizeParam", equalTo("size"))
                .body("pagination.firstPage", equalTo(0)).body("every", equalTo("PT6H"))
                .body("nextRunAt", notNullValue()).body("auth.type", equalTo("none"));
        given().auth().oauth2(OPERATOR).get("/sync/sources").then().statusCode(200).body("items.id", contains(id));

        given().auth().oauth2(OPERATOR).delete("/sync/sources/" + id).then().statusCode(204);
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).delete("/sync/sources/" + id).then().statusCode(404);
    }

    @Test
    void theYelpProgramsExampleIsOneCall() {
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"baseUrl\":\"https://partner-api.yelp.com\"}").post("/sync/sources/examples/yelp-programs")
                .then().statusCode(201).header("Location", containsString("/sync/sources/"))
                .body("name", equalTo("Yelp partner programs")).body("path", equalTo("/programs/v1"))
                .body("query.program_status", equalTo("ALL")).body("auth.type", equalTo("basic"))
                .body("auth.usernameEnv", equalTo("YELP_PARTNER_USER"))
                .body("auth.passwordEnv", equalTo("YELP_PARTNER_PASSWORD")).body("pagination.pageSize", equalTo(40))
                .body("itemsPointer", equalTo("/payment_programs")).body("totalPointer", equalTo("/total"))
                .body("idPointer", equalTo("/program_id"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{}")
                .post("/sync/sources/examples/yelp-programs").then().statusCode(400)
                .body("errors.field", contains("baseUrl"));
    }

    @Test
    void refusesInvalidSourcesNamingEveryField() {
        given().auth().oauth2(OPERATOR).contentType("application/json").body("""
                {"baseUrl":"ftp://files.example","path":"nope","auth":{"type":"basic","usernameEnv":"1BAD"},
                 "pagination":{"style":"pages","pageSize":0},"itemsPointer":"items","concurrency":0,
                 "requestTimeoutMs":5,"retry":{"maxRetries":99},"every":"often"}""").post("/sync/sources")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "baseUrl", "path", "auth.usernameEnv", "auth.passwordEnv",
                        "pagination.style", "itemsPointer", "idPointer", "concurrency", "requestTimeoutMs",
                        "retry.maxRetries", "every"));
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"name\":\"x\",\"baseUrl\":\"http://u:p@host.example\",\"idPointer\":\"/id\",\"totalPointer\":\"/t\","
                        + "\"concurrency\":65}")
                .post("/sync/sources").then().statusCode(400).body("errors.field", containsInAnyOrder("baseUrl",
                        "concurrency"));
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body("{\"name\":\"x\",\"baseUrl\":\"http://host.example\",\"idPointer\":\"/id\",\"pagination\":"
                        + "{\"style\":\"cursor\"}}")
                .post("/sync/sources").then().statusCode(400)
                .body("errors.field", contains("pagination.nextCursorPointer"));
        assertEquals(0, SyncTestData.count(db, "SELECT count(*) FROM sources"));
    }

    @Test
    void onlyOperatorsGetIn() {
        String user = TestTokens.user(UUID.randomUUID());
        for (String path : List.of("/sync/sources", "/sync/runs", "/sync/runs/" + UUID.randomUUID())) {
            given().auth().oauth2(user).get(path).then().statusCode(403).contentType("application/problem+json");
            given().get(path).then().statusCode(401);
        }
        given().auth().oauth2(user).contentType("application/json").body("{\"baseUrl\":\"http://x.example\"}")
                .post("/sync/sources/examples/yelp-programs").then().statusCode(403);
        given().auth().oauth2(user).post("/sync/sources/" + UUID.randomUUID() + "/runs").then().statusCode(403);
    }

    @Test
    void listsRunsNewestFirstAndTheMirroredItemsInPages() throws Exception {
        ProgramsApi.programs(45);
        String source = SyncTestData.source(20, 4, false);
        String first = SyncTestData.run(source);
        assertEquals("succeeded", SyncTestData.awaitRun(db, first));
        Instant between = Instant.now();
        Thread.sleep(20);
        ProgramsApi.PROGRAMS.set(3, ProgramsApi.program(4, "CPM"));
        String second = SyncTestData.run(source);
        assertEquals("succeeded", SyncTestData.awaitRun(db, second));

        given().auth().oauth2(OPERATOR).get("/sync/runs?limit=5").then().statusCode(200)
                .body("items.id", contains(second, first)).body("items[0].stats.updated", equalTo(1))
                .body("items[0].status", equalTo("succeeded")).body("items[0].sourceName", equalTo("Yelp partner programs"));
        Response page = given().auth().oauth2(OPERATOR).get("/sync/sources/" + source + "/runs?limit=1");
        page.then().statusCode(200).body("items.id", contains(second)).header("Link", containsString("rel=\"next\""));
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + source + "/runs?limit=1&cursor=" + page.path("nextCursor"))
                .then().body("items.id", contains(first)).body("nextCursor", nullValue());

        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response items = given().auth().oauth2(OPERATOR).queryParam("limit", 20)
                    .queryParam("cursor", cursor == null ? new Object[0] : new Object[] { cursor })
                    .get("/sync/sources/" + source + "/items");
            items.then().statusCode(200).body("items[0].firstSeenAt", notNullValue())
                    .body("items[0].lastSeenAt", notNullValue()).body("items[0].lastChangedAt", notNullValue());
            ids.addAll(items.path("items.id"));
            cursor = items.path("nextCursor");
        } while (cursor != null);
        assertEquals(45, ids.size());
        assertEquals(45, ids.stream().distinct().count());
        assertTrue(ids.contains("prog-00045"));

        given().auth().oauth2(OPERATOR).queryParam("changedSince", between.toString())
                .get("/sync/sources/" + source + "/items").then().statusCode(200).body("items.id", contains("prog-00004"))
                .body("items[0].data.program_type", equalTo("CPM"));
        given().auth().oauth2(OPERATOR).queryParam("changedSince", "yesterday").queryParam("limit", "0")
                .get("/sync/sources/" + source + "/items").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("changedSince", "limit"));
        given().auth().oauth2(OPERATOR).get("/sync/sources/" + UUID.randomUUID() + "/items").then().statusCode(404);
    }
}
