package dev.dnevnik.news;

import static io.restassured.RestAssured.given;

/** One scrape of /q/metrics (Prometheus text) and the values of its series. */
public record Metrics(String text) {

    public static Metrics scrape() {
        return new Metrics(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The value of a series written exactly as Prometheus shows it, e.g.
     * {@code dnevnik_feed_fetches_total{outcome="updated"}}; fails when the series is absent.
     */
    public double value(String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]);
            }
        }
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        StringBuilder similar = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                similar.append("\n  ").append(line);
            }
        }
        throw new AssertionError("no series " + series + " in /q/metrics; of that name:" + similar);
    }
}
