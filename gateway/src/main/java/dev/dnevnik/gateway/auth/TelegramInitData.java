package dev.dnevnik.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.common.text.PostgresText;

/**
 * Checks the {@code initData} a Telegram Mini App receives, exactly as Telegram specifies
 * (core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app): the data-check-string is every field
 * but {@code hash}, sorted by name, as {@code name=value} lines; the secret key is HMAC-SHA256 of the bot token keyed
 * with "WebAppData"; the data is genuine when HMAC-SHA256(secret key, data-check-string) equals {@code hash}. The
 * comparison is constant-time, and data older than the allowed age is refused so a captured payload cannot be
 * replayed later.
 */
public final class TelegramInitData {

    /** Why initData was refused; the message is safe to show the client. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The Telegram user the data vouches for. */
    public record TelegramUser(long id, String username, String firstName, String lastName, String languageCode) {

        public String displayName() {
            String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
            return name.isEmpty() ? username : name;
        }
    }

    /** Telegram signs with the clock of its servers; a little skew ahead of ours is normal. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final byte[] secretKey;
    private final Duration maxAge;
    private final ObjectMapper json;

    public TelegramInitData(String botToken, Duration maxAge, ObjectMapper json) {
        this.secretKey = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
        this.maxAge = maxAge;
        this.json = json;
    }

    public TelegramUser verify(String initData, Instant now) throws Invalid {
        Map<String, String> fields = parse(initData);
        String hash = fields.remove("hash");
        if (hash == null) {
            throw new Invalid("initData carries no hash: it is not signed by Telegram");
        }
        String dataCheckString = fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining("\n"));
        byte[] expected = hmac(secretKey, dataCheckString);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hash);
        } catch (IllegalArgumentException e) {
            throw new Invalid("initData hash is not hexadecimal");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Invalid("initData signature does not match: the data was altered or signed for another bot");
        }
        Instant signedAt = authDate(fields.get("auth_date"));
        if (signedAt.isBefore(now.minus(maxAge))) {
            throw new Invalid("initData is older than " + maxAge.toMinutes() + " minutes; reopen the app to sign in");
        }
        if (signedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Invalid("initData auth_date lies in the future");
        }
        return user(fields.get("user"));
    }

    private static Map<String, String> parse(String initData) throws Invalid {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : initData.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new Invalid("initData is not a query string of name=value pairs");
            }
            String name;
            String value;
            try {
                name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
                value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Invalid("initData is not correctly URL-encoded");
            }
            if (fields.put(name, value) != null) {
                throw new Invalid("initData repeats the field " + name);
            }
        }
        return fields;
    }

    private static Instant authDate(String value) throws Invalid {
        if (value == null) {
            throw new Invalid("initData has no auth_date");
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new Invalid("initData auth_date is not a Unix time");
        }
    }

    private TelegramUser user(String value) throws Invalid {
        if (value == null) {
            throw new Invalid("initData has no user");
        }
        JsonNode user;
        try {
            user = json.readTree(value);
        } catch (Exception e) {
            throw new Invalid("initData user is not JSON");
        }
        if (user == null || !user.path("id").canConvertToLong()) {
            throw new Invalid("initData user has no id");
        }
        return new TelegramUser(user.path("id").asLong(), text(user, "username"), text(user, "first_name"),
                text(user, "last_name"), text(user, "language_code"));
    }

    /** A profile field as stored: Telegram may allow characters PostgreSQL text cannot hold (NUL), which go. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        String text = value == null || value.isNull() ? null : PostgresText.withoutNul(value.asText());
        return text == null || text.isBlank() ? null : text;
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
