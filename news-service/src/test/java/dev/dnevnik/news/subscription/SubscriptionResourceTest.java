package dev.dnevnik.news.subscription;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Subscriptions belong to the caller; subscribing and unsubscribing are idempotent. */
@QuarkusTest
@NewsTestResources
class SubscriptionResourceTest {

    @Inject
    Pool db;

    @Test
    void subscribesIdempotentlyAndListsEveryCategoryWithAFlag() {
        UUID me = UUID.randomUUID();
        String token = TestTokens.user(me);

        given().auth().oauth2(token).put("/subscriptions/technology").then().statusCode(200)
                .body("category", equalTo("technology")).body("subscribed", equalTo(true));
        given().auth().oauth2(token).put("/subscriptions/technology").then().statusCode(200);
        given().auth().oauth2(token).put("/subscriptions/football").then().statusCode(200);

        assertEquals(2, rows(me));
        given().auth().oauth2(token).get("/subscriptions").then().statusCode(200)
                .body("size()", equalTo(24))
                .body("findAll { it.subscribed }.category", hasSize(2))
                .body("find { it.category == 'technology' }.subscribed", equalTo(true))
                .body("find { it.category == 'football' }.parent", equalTo("sports"));
        // someone else sees none of mine
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).get("/subscriptions").then().statusCode(200)
                .body("subscribed", everyItem(equalTo(false)));

        given().auth().oauth2(token).delete("/subscriptions/technology").then().statusCode(204);
        given().auth().oauth2(token).delete("/subscriptions/technology").then().statusCode(204);
        assertEquals(1, rows(me));
    }

    @Test
    void anUnknownCategoryIs404AndChangesNothing() {
        UUID me = UUID.randomUUID();
        given().auth().oauth2(TestTokens.user(me)).put("/subscriptions/astrology").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("No category astrology; GET /categories lists them"));
        given().auth().oauth2(TestTokens.user(me)).delete("/subscriptions/astrology").then().statusCode(404);
        assertEquals(0, rows(me));
    }

    private long rows(UUID user) {
        return db.preparedQuery("SELECT count(*) FROM subscriptions WHERE user_id = $1").execute(Tuple.of(user))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
