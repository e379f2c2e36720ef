package dev.dnevnik.news.news;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dnevnik.news.NewsTestData;
import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** News lists (filters in SQL, keyset pages, search in three languages), single items and a day's counts. */
@QuarkusTest
@NewsTestResources
class NewsResourceTest {

    @Inject
    Pool db;

    private final String token = TestTokens.user(UUID.randomUUID());

    @BeforeEach
    void clean() {
        NewsTestData.clean(db);
    }

    @Test
    void aCategoryIncludesItsSubcategoriesAndNothingElse() {
        UUID tech = NewsTestData.feed(db, "technology", "en");
        UUID ai = NewsTestData.feed(db, "ai", "en");
        UUID sports = NewsTestData.feed(db, "sports", "en");
        Instant now = Instant.now();
        UUID gadget = NewsTestData.item(db, tech, "technology", "A new phone", "Thin", now.minusSeconds(30));
        UUID model = NewsTestData.item(db, ai, "ai", "A new model", "Large", now.minusSeconds(20));
        NewsTestData.item(db, sports, "sports", "A match", "Won", now.minusSeconds(10));

        given().auth().oauth2(token).queryParam("category", "technology").get("/news").then().statusCode(200)
                .body("items.id", contains(model.toString(), gadget.toString()));
        given().auth().oauth2(token).queryParam("category", "ai").get("/news").then().statusCode(200)
                .body("items.id", contains(model.toString()));
    }

    @Test
    void walksPagesNewestFirstWithoutGapsOrRepeats() {
        UUID feed = NewsTestData.feed(db, "world", "en");
        Instant sameMoment = Instant.parse("2026-11-20T10:00:00Z");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            // a third share the same publication time: the id breaks the tie
            Instant published = i % 3 == 0 ? sameMoment : sameMoment.minusSeconds(i);
            NewsTestData.item(db, feed, "world", "Item " + i, "Text " + i, published);
        }
        db.query("SELECT id FROM news_items ORDER BY published_at DESC, id DESC").execute().await().indefinitely()
                .forEach(row -> expected.add(row.getUUID("id").toString()));

        List<String> walked = new ArrayList<>();
        String next = "/news?limit=10";
        while (next != null) {
            JsonPath page = given().auth().oauth2(token).get(next).then().statusCode(200).extract().jsonPath();
            walked.addAll(page.getList("items.id"));
            next = page.getString("next");
        }
        assertEquals(expected, walked);
    }

    @Test
    void searchesRussianUkrainianAndEnglishByStem() {
        UUID feed = NewsTestData.feed(db, "world", null);
        Instant now = Instant.now();
        UUID russian = NewsTestData.item(db, feed, "world", "Выборы в городе", "Жители городов голосовали", now);
        UUID ukrainian = NewsTestData.item(db, feed, "world", "Новини міста", "У місті відкрили парк", now.minusSeconds(1));
        UUID english = NewsTestData.item(db, feed, "world", "Markets rally", "Investors were buying shares", now.minusSeconds(2));

        given().auth().oauth2(token).queryParam("q", "город").get("/news").then().statusCode(200)
                .body("items.id", contains(russian.toString()));
        given().auth().oauth2(token).queryParam("q", "містом").get("/news").then().statusCode(200)
                .body("items.id", contains(ukrainian.toString()));
        given().auth().oauth2(token).queryParam("q", "buy share").get("/news").then().statusCode(200)
                .body("items.id", contains(english.toString()));
    }

    @Test
    void filtersBySince() {
        UUID feed = NewsTestData.feed(db, "world", "en");
        NewsTestData.item(db, feed, "world", "Old", "old", Instant.parse("2026-11-01T10:00:00Z"));
        UUID fresh = NewsTestData.item(db, feed, "world", "Fresh", "fresh", Instant.parse("2026-11-23T10:00:00Z"));

        given().auth().oauth2(token).queryParam("since", "2026-11-20").get("/news").then().statusCode(200)
                .body("items.id", contains(fresh.toString()));
    }

    @Test
    void refusesBadFiltersWithTheFieldsNamed() {
        given().auth().oauth2(token).queryParam("category", "no-such-thing").get("/news").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("category"));
        given().auth().oauth2(token).queryParam("since", "yesterday").queryParam("limit", "0").get("/news").then()
                .statusCode(400).body("errors.field", containsInAnyOrder("since", "limit"));
        given().auth().oauth2(token).queryParam("cursor", "not-a-cursor").get("/news").then().statusCode(400)
                .body("errors.field", contains("cursor"));
    }

    @Test
    void readsOneItemOrAnswers404() {
        UUID feed = NewsTestData.feed(db, "world", "en");
        UUID item = NewsTestData.item(db, feed, "world", "One", "<b>not html</b>", Instant.now());

        given().auth().oauth2(token).get("/news/" + item).then().statusCode(200)
                .body("title", equalTo("One")).body("feedId", equalTo(feed.toString()));
        given().auth().oauth2(token).get("/news/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void countsTheDayPerSubscribedCategoryInTheCallersTimeZone() {
        UUID me = UUID.randomUUID();
        String mine = TestTokens.user(me);
        UUID tech = NewsTestData.feed(db, "ai", "en");
        UUID sports = NewsTestData.feed(db, "football", "en");
        // 23:30 in Kyiv on the 23rd is 21:30 UTC; 00:30 in Kyiv on the 24th is 22:30 UTC on the 23rd
        NewsTestData.item(db, tech, "ai", "Late", "x", Instant.parse("2026-11-23T21:30:00Z"));
        NewsTestData.item(db, tech, "ai", "Early", "x", Instant.parse("2026-11-23T22:30:00Z"));
        NewsTestData.item(db, tech, "ai", "Noon", "x", Instant.parse("2026-11-24T10:00:00Z"));
        NewsTestData.item(db, sports, "football", "Goal", "x", Instant.parse("2026-11-24T10:00:00Z"));
        given().auth().oauth2(mine).put("/subscriptions/technology").then().statusCode(200);

        given().auth().oauth2(mine).header("Time-Zone", "Europe/Kyiv").queryParam("date", "2026-11-24")
                .get("/news/stats").then().statusCode(200)
                .body("date", equalTo("2026-11-24")).body("timeZone", equalTo("Europe/Kyiv"))
                .body("subscribedOnly", equalTo(true)).body("total", equalTo(2))
                .body("categories", hasSize(1)).body("categories[0].category", equalTo("technology"))
                .body("categories[0].name.uk", equalTo("Технології")).body("categories[0].count", equalTo(2));

        // without subscriptions: every top-level category, football counted under sports; the day in UTC
        given().auth().oauth2(token).queryParam("date", "2026-11-24").get("/news/stats").then().statusCode(200)
                .body("subscribedOnly", equalTo(false)).body("timeZone", equalTo("UTC")).body("total", equalTo(2))
                .body("categories.find { it.category == 'sports' }.count", equalTo(1))
                .body("categories.find { it.category == 'technology' }.count", equalTo(1))
                .body("categories.find { it.category == 'ai' }", nullValue());
    }

    @Test
    void needsAValidToken() {
        given().get("/news").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forged(UUID.randomUUID())).get("/news").then().statusCode(401);
    }
}
