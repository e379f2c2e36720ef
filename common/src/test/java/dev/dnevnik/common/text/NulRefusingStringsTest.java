package dev.dnevnik.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

class NulRefusingStringsTest {

    record Entry(String title, List<String> tags) {
    }

    private final ObjectMapper json = new ObjectMapper();

    NulRefusingStringsTest() {
        new NulRefusingStrings().customize(json);
    }

    @Test
    void readsOrdinaryText() throws Exception {
        assertEquals(new Entry("Весна", List.of("walks")), json.readValue("{\"title\":\"Весна\",\"tags\":[\"walks\"]}",
                Entry.class));
    }

    @Test
    void refusesANulCharacterAndNamesWhereItWas() {
        InvalidFormatException title = assertThrows(InvalidFormatException.class,
                () -> json.readValue("{\"title\":\"a\\u0000b\"}", Entry.class));
        assertEquals("title", title.getPath().get(0).getFieldName());
        assertEquals(PostgresText.REFUSED, title.getOriginalMessage());

        InvalidFormatException tag = assertThrows(InvalidFormatException.class,
                () -> json.readValue("{\"tags\":[\"ok\",\"\\u0000\"]}", Entry.class));
        assertEquals("tags", tag.getPath().get(0).getFieldName());
        assertEquals(1, tag.getPath().get(1).getIndex());
    }

    @Test
    void removesNulFromTextThatComesFromElsewhere() {
        assertEquals("ab", PostgresText.withoutNul("a\u0000b"));
        assertEquals(null, PostgresText.withoutNul(null));
    }
}
