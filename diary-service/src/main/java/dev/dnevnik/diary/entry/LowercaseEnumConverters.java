package dev.dnevnik.diary.entry;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the enums by their lowercase wire names, the same values the CHECK constraints list. */
final class LowercaseEnumConverters {

    private LowercaseEnumConverters() {
    }

    @Converter
    static class MoodConverter implements AttributeConverter<Mood, String> {
        @Override
        public String convertToDatabaseColumn(Mood mood) {
            return mood == null ? null : mood.wireName();
        }

        @Override
        public Mood convertToEntityAttribute(String value) {
            return Mood.fromWireName(value);
        }
    }

    @Converter
    static class SourceConverter implements AttributeConverter<Source, String> {
        @Override
        public String convertToDatabaseColumn(Source source) {
            return source == null ? null : source.wireName();
        }

        @Override
        public Source convertToEntityAttribute(String value) {
            return Source.fromWireName(value);
        }
    }
}
