package dev.dnevnik.diary.entry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.persistence.AttributeConverter;

/**
 * The entry enums travel as their lowercase names, in JSON (via {@code @JsonProperty}) and in the database (checked
 * by the table's CHECK constraints). One lookup table per enum, built once, serves the hot read path.
 */
final class LowercaseEnums {

    private static final ClassValue<Map<String, Enum<?>>> BY_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                Enum<?> value = (Enum<?>) constant;
                byName.put(name(value), value);
            }
            return Map.copyOf(byName);
        }
    };

    private LowercaseEnums() {
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant with this lowercase name, or null. */
    static <E extends Enum<E>> E parse(Class<E> type, String name) {
        return name == null ? null : type.cast(BY_NAME.get(type).get(name));
    }

    /** Maps an enum attribute to its lowercase name in the database. */
    abstract static class Converter<E extends Enum<E>> implements AttributeConverter<E, String> {
        private final Class<E> type;

        Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : name(value);
        }

        @Override
        public E convertToEntityAttribute(String value) {
            return parse(type, value);
        }
    }

    @jakarta.persistence.Converter
    static class MoodConverter extends Converter<Mood> {
        MoodConverter() {
            super(Mood.class);
        }
    }

    @jakarta.persistence.Converter
    static class SourceConverter extends Converter<Source> {
        SourceConverter() {
            super(Source.class);
        }
    }
}
