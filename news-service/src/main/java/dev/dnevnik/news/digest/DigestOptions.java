package dev.dnevnik.news.digest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a user asks of a digest. Absent values take the defaults (brief, neutral, medium, general, 10 items, all
 * subscribed categories, no lower time bound). The language has no default here: the caller chooses it (the client's
 * language, else the items' own; see {@link Language#guess(List)}). Enums are written in JSON in lower case.
 */
@RegisterForReflection
public record DigestOptions(
        @NotNull @Size(max = 50) List<@NotNull @Pattern(regexp = "^[a-z0-9]+(-[a-z0-9]+)*$") @Size(max = 50) String> categories,
        @NotNull @Min(1) @Max(50) Integer limit,
        Instant since,
        @NotNull Style style,
        @NotNull Tone tone,
        @NotNull Length length,
        @NotNull Audience audience,
        Language language) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 50;

    public DigestOptions {
        categories = categories == null ? List.of() : List.copyOf(categories.stream().filter(c -> c != null).toList());
        limit = limit == null ? DEFAULT_LIMIT : limit;
        style = style == null ? Style.BRIEF : style;
        tone = tone == null ? Tone.NEUTRAL : tone;
        length = length == null ? Length.MEDIUM : length;
        audience = audience == null ? Audience.GENERAL : audience;
    }

    /** Every default; the language left to the caller. */
    public static DigestOptions defaults() {
        return new DigestOptions(null, null, null, null, null, null, null, null);
    }

    public DigestOptions withLanguage(Language language) {
        return new DigestOptions(categories, limit, since, style, tone, length, audience, language);
    }

    public DigestOptions withCategories(List<String> categories) {
        return new DigestOptions(categories, limit, since, style, tone, length, audience, language);
    }

    public DigestOptions withStyle(Style style) {
        return new DigestOptions(categories, limit, since, style, tone, length, audience, language);
    }

    public DigestOptions withLength(Length length) {
        return new DigestOptions(categories, limit, since, style, tone, length, audience, language);
    }

    public DigestOptions withTone(Tone tone) {
        return new DigestOptions(categories, limit, since, style, tone, length, audience, language);
    }

    public DigestOptions withAudience(Audience audience) {
        return new DigestOptions(categories, limit, since, style, tone, length, audience, language);
    }

    /** brief: one paragraph; detailed: a part per item with its title; bullets: one "- " line per item. */
    public enum Style {
        BRIEF, DETAILED, BULLETS;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Style of(String value) {
            return parse(Style.class, value);
        }
    }

    public enum Tone {
        NEUTRAL, FRIENDLY, FORMAL;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Tone of(String value) {
            return parse(Tone.class, value);
        }
    }

    public enum Length {
        SHORT, MEDIUM, LONG;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Length of(String value) {
            return parse(Length.class, value);
        }
    }

    public enum Audience {
        GENERAL, EXPERT;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Audience of(String value) {
            return parse(Audience.class, value);
        }
    }

    public enum Language {
        RU, UK, EN;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Language of(String value) {
            return parse(Language.class, value);
        }

        /**
         * The language most of the items are written in, by their letters: Cyrillic with і, ї, є or ґ is Ukrainian,
         * other Cyrillic Russian, anything else English. Ties and no items: Russian, the platform's first audience.
         */
        public static Language guess(List<DigestItem> items) {
            int[] votes = new int[3];
            for (DigestItem item : items) {
                votes[ofText(item.title() + " " + (item.summary() == null ? "" : item.summary())).ordinal()]++;
            }
            Language best = RU;
            for (Language candidate : values()) {
                if (votes[candidate.ordinal()] > votes[best.ordinal()]) {
                    best = candidate;
                }
            }
            return best;
        }

        static Language ofText(String text) {
            int cyrillic = 0;
            int latin = 0;
            boolean ukrainian = false;
            for (int i = 0; i < text.length(); i++) {
                char c = Character.toLowerCase(text.charAt(i));
                if (c >= 'а' && c <= 'я' || c == 'ё') {
                    cyrillic++;
                } else if (c == 'і' || c == 'ї' || c == 'є' || c == 'ґ') {
                    cyrillic++;
                    ukrainian = true;
                } else if (c >= 'a' && c <= 'z') {
                    latin++;
                }
            }
            if (cyrillic > latin) {
                return ukrainian ? UK : RU;
            }
            return EN;
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '"
                    + value + "'", unknown);
        }
    }
}
