package dev.dnevnik.news.event;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.dnevnik.news.NewsTestData;
import dev.dnevnik.news.NewsTestResources;
import dev.dnevnik.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** Events: operators' edits, the upcoming list with its filters, and iCalendar imports as jobs. */
@QuarkusTest
@NewsTestResources
class EventResourceTest {

    private static final ZoneId KYIV = ZoneId.of("Europe/Kyiv");
    private static WireMockServer calendars;

    @Inject
    Pool db;

    private final String operator = TestTokens.admin(UUID.randomUUID());
    private final String user = TestTokens.user(UUID.randomUUID());

    @BeforeAll
    static void startCalendarServer() {
        calendars = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        calendars.start();
    }

    @AfterAll
    static void stopCalendarServer() {
        calendars.stop();
    }

    @BeforeEach
    void clean() {
        NewsTestData.clean(db);
        calendars.resetAll();
    }

    @Test
    void operatorsManageEventsAndEveryoneListsTheUpcomingOnes() {
        String soon = create("Jazz in the park", "Kyiv", "music", 3);
        String later = create("Book fair", "kyiv", "books", 10);
        create("Football final", "Lviv", "football", 5);
        create("Yesterday's talk", "Kyiv", "culture", -2);

        given().auth().oauth2(user).get("/events").then().statusCode(200)
                .body("items.title", contains("Jazz in the park", "Football final", "Book fair"));
        given().auth().oauth2(user).queryParam("city", "KYIV").queryParam("category", "culture").get("/events").then()
                .statusCode(200).body("items.id", contains(soon, later));
        given().auth().oauth2(user).queryParam("q", "fair").get("/events").then().statusCode(200)
                .body("items.id", contains(later));

        given().auth().oauth2(operator).contentType("application/json").body(event("Jazz moved", "Kyiv", "music", 4))
                .put("/events/" + soon).then().statusCode(200).body("title", equalTo("Jazz moved"));
        given().auth().oauth2(operator).delete("/events/" + later).then().statusCode(204);
        given().auth().oauth2(operator).delete("/events/" + later).then().statusCode(404);
        given().auth().oauth2(user).get("/events/" + later).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyOperatorsChangeEventsAndBadInputChangesNothing() {
        given().auth().oauth2(user).contentType("application/json").body(event("Mine", "Kyiv", "music", 1))
                .post("/events").then().statusCode(403).contentType("application/problem+json");
        String backwards = "{\"title\":\"Backwards\",\"category\":\"music\",\"startsAt\":\"2026-12-10T18:00:00Z\","
                + "\"endsAt\":\"2026-12-10T17:00:00Z\",\"timeZone\":\"Mars/Olympus\"}";
        given().auth().oauth2(operator).contentType("application/json").body(backwards).post("/events").then()
                .statusCode(400).body("errors.field", hasItem("endsAt"));
        given().auth().oauth2(operator).contentType("application/json").body(event("Nowhere", "Kyiv", "astrology", 1))
                .post("/events").then().statusCode(400).body("errors.field", hasItem("category"));
        assertEquals(0, NewsTestData.count(db, "SELECT count(*) FROM events"));
    }

    @Test
    void importsAnICalendarFeedKeepingTimeZonesAndUpdatesOnTheNextImport() {
        LocalDate day = LocalDate.now(KYIV).plusDays(7);
        calendars.stubFor(get("/afisha.ics").willReturn(aResponse().withHeader("Content-Type", "text/calendar; charset=utf-8")
                .withBody(calendar(day, "Органний концерт"))));
        String body = "{\"url\":\"http://127.0.0.1:" + calendars.port() + "/afisha.ics\",\"category\":\"music\",\"city\":\"Kyiv\"}";

        Response first = given().auth().oauth2(operator).contentType("application/json").body(body).post("/events/imports");
        first.then().statusCode(202).header("Location", containsString("/events/imports/"));
        assertEquals("succeeded", NewsTestData.awaitJob(db, UUID.fromString(first.path("id"))));
        given().auth().oauth2(operator).get(first.header("Location")).then().statusCode(200)
                .body("result.added", equalTo(4)).body("result.updated", equalTo(0));

        // a concert at 19:00 Kyiv time, and a weekly lecture whose second occurrence was moved to 20:00
        String concertStart = day.atTime(19, 0).atZone(KYIV).toInstant().toString();
        given().auth().oauth2(user).queryParam("q", "концерт").get("/events").then().statusCode(200)
                .body("items[0].startsAt", equalTo(concertStart)).body("items[0].timeZone", equalTo("Europe/Kyiv"))
                .body("items[0].city", equalTo("Kyiv")).body("items[0].uid", equalTo("concert@afisha.test"));
        given().auth().oauth2(user).queryParam("q", "lecture").get("/events").then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items[1].startsAt", equalTo(day.plusDays(7).atTime(20, 0).atZone(KYIV).toInstant().toString()));

        calendars.stubFor(get("/afisha.ics").willReturn(aResponse().withHeader("Content-Type", "text/calendar")
                .withBody(calendar(day, "Органний концерт у соборі"))));
        Response second = given().auth().oauth2(operator).contentType("application/json").body(body).post("/events/imports");
        NewsTestData.awaitJob(db, UUID.fromString(second.path("id")));
        given().auth().oauth2(operator).get(second.header("Location")).then()
                .body("result.added", equalTo(0)).body("result.updated", equalTo(4));
        assertEquals(4, NewsTestData.count(db, "SELECT count(*) FROM events"));
        given().auth().oauth2(user).queryParam("q", "собор").get("/events").then().body("items.size()", equalTo(1));
    }

    @Test
    void aCalendarThatCannotBeReadFailsTheImportWithTheReason() {
        calendars.stubFor(get("/broken.ics").willReturn(aResponse().withHeader("Content-Type", "text/calendar")
                .withBody("this is not a calendar")));
        Response accepted = given().auth().oauth2(operator).contentType("application/json")
                .body("{\"url\":\"http://127.0.0.1:" + calendars.port() + "/broken.ics\",\"category\":\"music\"}")
                .post("/events/imports");

        assertEquals("failed", NewsTestData.awaitJob(db, UUID.fromString(accepted.path("id"))));
        given().auth().oauth2(operator).get(accepted.header("Location")).then().statusCode(200)
                .body("state", equalTo("failed")).body("error", containsString("not an iCalendar file"))
                .body("attempt", equalTo(1));
    }

    private String create(String title, String city, String category, int inDays) {
        return given().auth().oauth2(operator).contentType("application/json").body(event(title, city, category, inDays))
                .post("/events").then().statusCode(201).extract().path("id");
    }

    private static String event(String title, String city, String category, int inDays) {
        ZonedDateTime start = LocalDate.now(KYIV).plusDays(inDays).atTime(18, 0).atZone(KYIV);
        return "{\"title\":\"" + title + "\",\"city\":\"" + city + "\",\"category\":\"" + category + "\",\"startsAt\":\""
                + start.toInstant() + "\",\"endsAt\":\"" + start.plusHours(2).toInstant()
                + "\",\"timeZone\":\"Europe/Kyiv\"}";
    }

    private static String calendar(LocalDate day, String concertTitle) {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
        String concert = day.atTime(19, 0).format(local);
        String lecture = day.atTime(18, 0).format(local);
        String moved = day.plusDays(7).atTime(18, 0).format(local);
        String movedTo = day.plusDays(7).atTime(20, 0).format(local);
        return String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dnevnik tests//EN",
                "X-WR-TIMEZONE:Europe/Kyiv",
                "BEGIN:VEVENT", "UID:concert@afisha.test", "DTSTAMP:20261101T100000Z",
                "DTSTART;TZID=Europe/Kyiv:" + concert, "DURATION:PT2H", "SUMMARY:" + concertTitle,
                "LOCATION:Нацiональний будинок органної музики", "END:VEVENT",
                "BEGIN:VEVENT", "UID:lecture@afisha.test", "DTSTAMP:20261101T100000Z",
                "DTSTART;TZID=Europe/Kyiv:" + lecture, "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=3",
                "SUMMARY:Open lecture on space", "END:VEVENT",
                "BEGIN:VEVENT", "UID:lecture@afisha.test", "DTSTAMP:20261101T100000Z",
                "RECURRENCE-ID;TZID=Europe/Kyiv:" + moved, "DTSTART;TZID=Europe/Kyiv:" + movedTo, "DURATION:PT1H",
                "SUMMARY:Open lecture on space (moved)", "END:VEVENT",
                "END:VCALENDAR", "");
    }
}
