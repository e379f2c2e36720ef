package dev.dnevnik.diary.entry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the day felt, from worst to best. Lowercase on the wire and in the database. */
public enum Mood {
    @JsonProperty("awful")
    AWFUL,
    @JsonProperty("bad")
    BAD,
    @JsonProperty("neutral")
    NEUTRAL,
    @JsonProperty("good")
    GOOD,
    @JsonProperty("great")
    GREAT
}
