package dev.dnevnik.common.text;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every string read from JSON, in every service, is refused when it holds a NUL character, so a request body that
 * PostgreSQL could not store is a 400 naming the field ({@code title}, {@code tags[2]}) instead of a database error.
 * A field that must take such text as it comes (a provider's answer, which is cleaned before storing) opts out with
 * {@code @JsonDeserialize(using = StringDeserializer.class)}.
 */
@Singleton
public class NulRefusingStrings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("dnevnik-nul-refusing-strings")
                .addDeserializer(String.class, new Deserializer()));
    }

    static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (!PostgresText.storable(value)) {
                throw InvalidFormatException.from(parser, PostgresText.REFUSED, value, String.class);
            }
            return value;
        }
    }
}
