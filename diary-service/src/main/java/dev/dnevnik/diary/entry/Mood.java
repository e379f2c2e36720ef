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
    GREAT;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** The mood with this wire name, or null. */
    public static Mood fromWireName(String value) {
        for (Mood mood : values()) {
            if (mood.wireName.equals(value)) {
                return mood;
            }
        }
        return null;
    }
}
