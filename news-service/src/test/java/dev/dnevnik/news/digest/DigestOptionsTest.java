package dev.dnevnik.news.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import dev.dnevnik.news.digest.DigestOptions.Language;
import dev.dnevnik.news.digest.DigestOptions.Length;
import dev.dnevnik.news.digest.DigestOptions.Style;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

class DigestOptionsTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Test
    void missingValuesTakeTheDefaultsButTheLanguageIsLeftToTheCaller() throws Exception {
        DigestOptions options = json.readValue("{}", DigestOptions.class);

        assertEquals(DigestOptions.defaults(), options);
        assertEquals(List.of(), options.categories());
        assertEquals(10, options.limit());
        assertNull(options.since());
        assertEquals(Style.BRIEF, options.style());
        assertEquals(DigestOptions.Tone.NEUTRAL, options.tone());
        assertEquals(Length.MEDIUM, options.length());
        assertEquals(DigestOptions.Audience.GENERAL, options.audience());
        assertNull(options.language());
    }

    @Test
    void enumsAreLowerCaseInJson() throws Exception {
        DigestOptions options = json.readValue("""
                {"categories":["ai","football"],"limit":20,"since":"2025-03-01T00:00:00Z","style":"bullets",
                 "tone":"formal","length":"long","audience":"expert","language":"uk"}""", DigestOptions.class);

        assertEquals(Style.BULLETS, options.style());
        assertEquals(Language.UK, options.language());
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), options.since());
        String written = json.writeValueAsString(options);
        assertTrue(written.contains("\"style\":\"bullets\"") && written.contains("\"tone\":\"formal\"")
                && written.contains("\"length\":\"long\"") && written.contains("\"audience\":\"expert\"")
                && written.contains("\"language\":\"uk\""), written);
        assertEquals(options, json.readValue(written, DigestOptions.class));
    }

    @Test
    void anUnknownValueIsRefused() {
        Exception refused = assertThrows(Exception.class,
                () -> json.readValue("{\"style\":\"poem\"}", DigestOptions.class));
        assertTrue(refused instanceof ValueInstantiationException || refused instanceof InvalidFormatException
                || refused.getMessage().contains("poem"), refused.toString());
    }

    @Test
    void validationBoundsTheLimitAndTheCategorySlugs() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            assertTrue(validator.validate(DigestOptions.defaults()).isEmpty());
            DigestOptions tooMany = new DigestOptions(List.of("ai"), 51, null, null, null, null, null, null);
            DigestOptions none = new DigestOptions(List.of("ai"), 0, null, null, null, null, null, null);
            DigestOptions badSlug = new DigestOptions(List.of("Not a slug"), 5, null, null, null, null, null, null);
            assertEquals("limit", validator.validate(tooMany).iterator().next().getPropertyPath().toString());
            assertEquals("limit", validator.validate(none).iterator().next().getPropertyPath().toString());
            assertTrue(validator.validate(badSlug).iterator().next().getPropertyPath().toString()
                    .startsWith("categories"));
        }
    }
}
