package dev.dnevnik.diary.entry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an entry was written: typed, or spoken and transcribed (then it points at its transcript). */
public enum Source {
    @JsonProperty("text")
    TEXT,
    @JsonProperty("voice")
    VOICE;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Source fromWireName(String value) {
        for (Source source : values()) {
            if (source.wireName.equals(value)) {
                return source;
            }
        }
        return null;
    }
}
