package dev.dnevnik.diary.entry;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import dev.dnevnik.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Requests as a given user, and direct looks into the database to check what a request really changed. */
final class DiaryTestSupport {

    private DiaryTestSupport() {
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** Follows a link the service produced: it is already percent-encoded and must be sent as is. */
    static io.restassured.response.Response follow(UUID user, String link) {
        return as(user).urlEncodingEnabled(false).get(link);
    }

    /** Creates a text entry through the API and returns its id. */
    static String createEntry(UUID user, Map<String, Object> body) {
        return as(user).body(body).post("/entries").then().statusCode(201).extract().path("id");
    }

    static long countEntries(Pool db, UUID user) {
        return db.preparedQuery("SELECT count(*) FROM entries WHERE user_id = $1").execute(Tuple.of(user))
                .await().indefinitely().iterator().next().getLong(0);
    }

    static Row entryRow(Pool db, String id) {
        var rows = db.preparedQuery("SELECT * FROM entries WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().indefinitely();
        return rows.rowCount() == 0 ? null : rows.iterator().next();
    }

    /** The current value of a Prometheus counter series, 0 when absent. */
    static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
