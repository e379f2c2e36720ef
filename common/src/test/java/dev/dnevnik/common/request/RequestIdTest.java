package dev.dnevnik.common.request;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void keepsACallersSaneId() {
        assertEquals("gw-1234.abc:5", RequestId.acceptOrCreate("gw-1234.abc:5"));
    }

    @Test
    void replacesMissingOverlongOrInjectedIdsWithAFreshUuid() {
        for (String bad : new String[] { null, "", "a".repeat(129), "x\r\nSet-Cookie: a=b", "<script>" }) {
            String id = RequestId.acceptOrCreate(bad);
            assertNotEquals(bad, id);
            assertDoesNotThrow(() -> UUID.fromString(id));
        }
    }
}
