package dev.dnevnik.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class TelegramInitDataTest {

    private final TelegramInitData verifier = new TelegramInitData(TelegramInitDataBuilder.BOT_TOKEN,
            Duration.ofHours(1), new ObjectMapper());

    @Test
    void acceptsDataSignedForTheBot() throws Exception {
        TelegramInitData.TelegramUser user = verifier.verify(TelegramInitDataBuilder.forUser(42, "oksana").signed(),
                Instant.now());
        assertEquals(42, user.id());
        assertEquals("oksana", user.username());
        assertEquals("Оксана Test", user.displayName());
        assertEquals("uk", user.languageCode());
    }

    @Test
    void matchesTelegramsPublishedAlgorithmOnAFixedExample() throws Exception {
        // computed independently: secret = HMAC_SHA256("WebAppData", token); hash = HMAC_SHA256(secret, data-check-string)
        String initData = "auth_date=1700000000&user=%7B%22id%22%3A1%7D"
                + "&hash=" + java.util.HexFormat.of().formatHex(TelegramInitData.hmac(
                        TelegramInitData.hmac("WebAppData".getBytes(), "1:abc"), "auth_date=1700000000\nuser={\"id\":1}"));
        TelegramInitData oldData = new TelegramInitData("1:abc", Duration.ofDays(365 * 100), new ObjectMapper());
        assertEquals(1, oldData.verify(initData, Instant.ofEpochSecond(1700000100)).id());
    }

    @Test
    void refusesTamperedData() {
        String signed = TelegramInitDataBuilder.forUser(42, "oksana").signed();
        String tampered = signed.replace("%22id%22%3A42", "%22id%22%3A43");
        var invalid = assertThrows(TelegramInitData.Invalid.class, () -> verifier.verify(tampered, Instant.now()));
        assertTrue(invalid.getMessage().contains("signature"));
    }

    @Test
    void refusesDataSignedForAnotherBot() {
        String signed = TelegramInitDataBuilder.forUser(42, "oksana").signedWith("999:other-bot");
        assertThrows(TelegramInitData.Invalid.class, () -> verifier.verify(signed, Instant.now()));
    }

    @Test
    void refusesStaleAndFutureData() {
        String stale = TelegramInitDataBuilder.forUser(42, "oksana")
                .signedAt(Instant.now().minus(Duration.ofHours(2))).signed();
        var invalid = assertThrows(TelegramInitData.Invalid.class, () -> verifier.verify(stale, Instant.now()));
        assertTrue(invalid.getMessage().contains("older"));
        String future = TelegramInitDataBuilder.forUser(42, "oksana")
                .signedAt(Instant.now().plus(Duration.ofHours(1))).signed();
        assertThrows(TelegramInitData.Invalid.class, () -> verifier.verify(future, Instant.now()));
    }

    @Test
    void refusesMissingFields() {
        assertThrows(TelegramInitData.Invalid.class,
                () -> verifier.verify(TelegramInitDataBuilder.forUser(42, "o").unsigned(), Instant.now()));
        assertThrows(TelegramInitData.Invalid.class,
                () -> verifier.verify(TelegramInitDataBuilder.forUser(42, "o").without("user").signed(), Instant.now()));
        assertThrows(TelegramInitData.Invalid.class, () -> verifier
                .verify(TelegramInitDataBuilder.forUser(42, "o").without("auth_date").signed(), Instant.now()));
        assertThrows(TelegramInitData.Invalid.class, () -> verifier
                .verify(TelegramInitDataBuilder.forUser(42, "o").with("user", "{\"first_name\":\"x\"}").signed(),
                        Instant.now()));
        assertThrows(TelegramInitData.Invalid.class, () -> verifier.verify("hash=zz&auth_date=1", Instant.now()));
    }
}
