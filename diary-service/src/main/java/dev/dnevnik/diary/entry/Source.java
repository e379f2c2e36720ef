package dev.dnevnik.diary.entry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an entry was written: typed, or spoken and transcribed (then it points at its transcript). */
public enum Source {
    @JsonProperty("text")
    TEXT,
    @JsonProperty("voice")
    VOICE
}
