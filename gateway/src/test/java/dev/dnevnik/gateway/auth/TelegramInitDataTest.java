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

    /**
     * Vectors computed outside this code base (Python's hmac module): secret = HMAC-SHA256(key "WebAppData", bot
     * token); hash = HMAC-SHA256(secret, the fields but hash, sorted, as name=value lines).
     */
    @Test
    void acceptsDataSignedAsTelegramSpecifiesOnFixedVectors() throws Exception {
        TelegramInitData tinyBot = new TelegramInitData("1:abc", Duration.ofDays(365 * 100), new ObjectMapper());
        String tiny = "auth_date=1700000000&user=%7B%22id%22%3A1%7D"
                + "&hash=deb1014a72305ff61d831e8d95db748d00757a5322cd60993f02d8825a957df5";
        assertEquals(1, tinyBot.verify(tiny, Instant.ofEpochSecond(1700000100)).id());

        TelegramInitData testBot = new TelegramInitData(TelegramInitDataBuilder.BOT_TOKEN, Duration.ofHours(1),
                new ObjectMapper());
        String app = "query_id=AAHdF6IQAAAAAN0XohDhrOrc"
                + "&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22%D0%9E%D0%BA%D1%81%D0%B0%D0%BD%D0%B0%22"
                + "%2C%22username%22%3A%22oksana%22%2C%22language_code%22%3A%22uk%22%7D"
                + "&auth_date=1767000000&hash=ebad2cf5d8219ba1b09241360e3ab98d4f32facda39f8dd8dea21fc539e47842";
        TelegramInitData.TelegramUser user = testBot.verify(app, Instant.ofEpochSecond(1767000060));
        assertEquals(279058397, user.id());
        assertEquals("Оксана", user.displayName());

        var altered = assertThrows(TelegramInitData.Invalid.class,
                () -> testBot.verify(app.replace("oksana", "oksanb"), Instant.ofEpochSecond(1767000060)));
        assertTrue(altered.getMessage().contains("signature"));
    }

    @Test
    void keepsNulCharactersOfTelegramsProfileFieldsOutOfTheDatabase() throws Exception {
        String signed = TelegramInitDataBuilder.forUser(42, "oks\\u0000ana").signed();
        TelegramInitData.TelegramUser user = verifier.verify(signed, Instant.now());
        assertEquals("oksana", user.username());
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
