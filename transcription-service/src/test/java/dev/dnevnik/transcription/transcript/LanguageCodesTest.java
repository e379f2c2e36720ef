package dev.dnevnik.transcription.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LanguageCodesTest {

    @Test
    void turnsWhisperLanguageNamesIntoIsoCodes() {
        assertEquals("ru", LanguageCodes.of("russian"));
        assertEquals("uk", LanguageCodes.of("Ukrainian"));
        assertEquals("en", LanguageCodes.of("english"));
        assertEquals("es", LanguageCodes.of("castilian"));
        assertEquals("de", LanguageCodes.of("de"));
        assertNull(LanguageCodes.of("klingon"));
        assertNull(LanguageCodes.of(null));
    }
}
