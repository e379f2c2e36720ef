package dev.dnevnik.news.category;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@NewsTestResources
class CategoryResourceTest {

    @Test
    void listsTheSeededTaxonomyFlatAndAsATreeInThreeLanguages() {
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).get("/categories").then().statusCode(200)
                .body("categories.size()", equalTo(24))
                .body("categories.find { it.slug == 'ai' }.parent", equalTo("technology"))
                .body("categories.find { it.slug == 'ai' }.name.ru", equalTo("Искусственный интеллект"))
                .body("categories.find { it.slug == 'ai' }.name.uk", equalTo("Штучний інтелект"))
                .body("tree.slug", hasItems("world", "technology", "sports"))
                .body("tree.find { it.slug == 'technology' }.children.slug", contains("ai", "gadgets", "software"))
                .body("tree.find { it.slug == 'sports' }.children.slug", contains("football", "hockey"));
    }
}
