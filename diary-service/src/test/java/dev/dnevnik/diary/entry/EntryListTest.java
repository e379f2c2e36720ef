package dev.dnevnik.diary.entry;

import static dev.dnevnik.diary.entry.DiaryTestSupport.as;
import static dev.dnevnik.diary.entry.DiaryTestSupport.createEntry;
import static dev.dnevnik.diary.entry.DiaryTestSupport.follow;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dnevnik.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Keyset pages, filters and full-text search. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "diary"))
class EntryListTest {

    @Inject
    Pool db;

    /**
     * 250 entries on 30 dates with only 7 distinct creation times, so most neighbours tie on date AND time and the
     * id tie-breaker is exercised. An entry added mid-walk must not shift the walk.
     */
    @Test
    void walksA250EntrySetWithoutGapsOrRepeats() {
        UUID user = UUID.randomUUID();
        db.preparedQuery("""
                INSERT INTO entries (id, user_id, body, source, entry_date, word_count, created_at, updated_at)
                SELECT gen_random_uuid(), $1, 'entry ' || i, 'text', DATE '2026-01-01' + (i % 30),
                       2, TIMESTAMPTZ '2026-01-01 12:00:00+00' + (i % 7) * INTERVAL '1 second', now()
                  FROM generate_series(1, 250) AS i""").execute(Tuple.of(user)).await().indefinitely();
        List<String> expected = new ArrayList<>();
        for (Row row : db.preparedQuery("""
                SELECT id FROM entries WHERE user_id = $1 ORDER BY entry_date DESC, created_at DESC, id DESC""")
                .execute(Tuple.of(user)).await().indefinitely()) {
            expected.add(row.getUUID("id").toString());
        }

        List<String> walked = new ArrayList<>();
        String next = "/entries?limit=37";
        int pages = 0;
        while (next != null) {
            Response page = follow(user, next);
            page.then().statusCode(200);
            walked.addAll(page.path("items.id"));
            next = page.path("next");
            if (pages == 2) {
                // a new entry during the walk lands before the cursor and must not disturb the remaining pages
                createEntry(user, Map.of("body", "written meanwhile", "entryDate", "2026-03-15"));
            }
            if (next != null) {
                assertEquals("<" + next + ">; rel=\"next\"", page.header("Link"));
            }
            pages++;
        }

        assertEquals(7, pages);
        assertEquals(expected, walked);
    }

    @Test
    void defaultsTo20PerPageAndEndsWithoutANextLink() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 21; i++) {
            createEntry(user, Map.of("body", "n" + i));
        }
        Response first = as(user).get("/entries");
        first.then().statusCode(200).body("items.size()", equalTo(20));
        as(user).queryParam("cursor", (String) first.path("nextCursor")).get("/entries").then()
                .body("items.size()", equalTo(1))
                .body("next", nullValue())
                .body("nextCursor", nullValue());
    }

    @Test
    void filtersByDateRangeTagAndSourceTogether() {
        UUID user = UUID.randomUUID();
        String match = createEntry(user, Map.of("body", "a", "entryDate", "2026-04-10", "tags", List.of("Work")));
        createEntry(user, Map.of("body", "b", "entryDate", "2026-04-11", "tags", List.of("home")));
        createEntry(user, Map.of("body", "c", "entryDate", "2026-05-01", "tags", List.of("work")));
        String voice = createEntry(user, Map.of("body", "d", "entryDate", "2026-04-12", "tags", List.of("work"),
                "source", "voice", "transcriptId", UUID.randomUUID().toString()));

        as(user).queryParam("from", "2026-04-01").queryParam("to", "2026-04-30").queryParam("tag", "#WORK")
                .get("/entries").then().statusCode(200).body("items.id", contains(voice, match));
        as(user).queryParam("source", "voice").get("/entries").then().body("items.id", contains(voice));
        as(user).queryParam("from", "2026-04-11").queryParam("to", "2026-04-11").get("/entries")
                .then().body("items.body", contains("b"));
    }

    @Test
    void findsRussianWordsByTheirStem() {
        UUID user = UUID.randomUUID();
        String walk = createEntry(user, Map.of("title", "Вечер", "body", "Вчера мы долго гуляли по набережной с собакой"));
        createEntry(user, Map.of("body", "Читала книгу весь день"));

        for (String query : List.of("гулять", "набережная", "собаки", "ВЕЧЕРОМ")) {
            as(user).queryParam("q", query).get("/entries").then().statusCode(200)
                    .body("items.id", contains(walk));
        }
        as(user).queryParam("q", "кошка").get("/entries").then().body("items", empty());
    }

    @Test
    void findsEnglishWordsByTheirStem() {
        UUID user = UUID.randomUUID();
        String run = createEntry(user, Map.of("body", "We were running along the rivers before breakfast"));
        createEntry(user, Map.of("body", "A quiet day of reading"));

        for (String query : List.of("run", "river", "runs breakfast")) {
            as(user).queryParam("q", query).get("/entries").then().body("items.id", contains(run));
        }
        as(user).queryParam("q", "swimming").get("/entries").then().body("items", empty());
    }

    @Test
    void findsUkrainianWordFormsByTheirCommonStem() {
        UUID user = UUID.randomUUID();
        String city = createEntry(user, Map.of("body", "Ми гуляли містом і пили каву з мамою", "language", "uk"));
        createEntry(user, Map.of("body", "Дощ і вітер цілий день", "language", "uk"));

        for (String query : List.of("місто", "міста", "кава", "мама", "кавою")) {
            as(user).queryParam("q", query).get("/entries").then().body("items.id", contains(city));
        }
        as(user).queryParam("q", "сонце").get("/entries").then().body("items", empty());
    }

    @Test
    void ukrainianStemmerStripsInflectionsAndIgnoresOverlongRuns() {
        String stems = db.query("SELECT uk_light_stem('Місто міста містом, прогулянкою! Бігати бігаю бігала "
                + "сміялася running ' || repeat('я', 100000))").execute().await().indefinitely()
                .iterator().next().getString(0);

        assertEquals("міст міст міст, прогулянк! біг біг біг смі running  ", stems);
    }

    @Test
    void supportsWebSearchSyntax() {
        UUID user = UUID.randomUUID();
        String park = createEntry(user, Map.of("body", "Гуляли в парке, потом пили чай"));
        String sea = createEntry(user, Map.of("body", "Гуляли у моря, пили кофе"));

        as(user).queryParam("q", "гулять -парк").get("/entries").then().body("items.id", contains(sea));
        as(user).queryParam("q", "чай or кофе").get("/entries").then().body("items.id", containsInAnyOrder(park, sea));
        as(user).queryParam("q", "\"пили чай\"").get("/entries").then().body("items.id", contains(park));
    }

    @Test
    void searchCombinesWithPagingWithoutRepeats() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 12; i++) {
            createEntry(user, Map.of("body", "прогулка номер " + i));
            createEntry(user, Map.of("body", "work item " + i));
        }
        Set<String> seen = new HashSet<>();
        String next = "/entries?limit=5&q=" + java.net.URLEncoder.encode("прогулки", java.nio.charset.StandardCharsets.UTF_8);
        while (next != null) {
            Response page = follow(user, next);
            for (String id : page.<List<String>>path("items.id")) {
                assertTrue(seen.add(id), "repeated " + id);
            }
            next = page.path("next");
        }
        assertEquals(12, seen.size());
    }
}
