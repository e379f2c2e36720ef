package dev.dnevnik.gateway.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds initData the way Telegram does, signed for a bot token, so tests can sign in like the Mini App. */
public final class TelegramInitDataBuilder {

    public static final String BOT_TOKEN = "123456:TEST-bot-token";

    private final Map<String, String> fields = new TreeMap<>();

    public static TelegramInitDataBuilder forUser(long id, String username) {
        TelegramInitDataBuilder builder = new TelegramInitDataBuilder();
        builder.fields.put("query_id", "AAHdF6IQAAAAAN0XohDhrOrc");
        builder.fields.put("user", "{\"id\":" + id + ",\"first_name\":\"Оксана\",\"last_name\":\"Test\",\"username\":\""
                + username + "\",\"language_code\":\"uk\",\"allows_write_to_pm\":true}");
        builder.fields.put("auth_date", Long.toString(Instant.now().getEpochSecond()));
        return builder;
    }

    public TelegramInitDataBuilder signedAt(Instant time) {
        fields.put("auth_date", Long.toString(time.getEpochSecond()));
        return this;
    }

    public TelegramInitDataBuilder without(String field) {
        fields.remove(field);
        return this;
    }

    public TelegramInitDataBuilder with(String field, String value) {
        fields.put(field, value);
        return this;
    }

    public String signedWith(String botToken) {
        String dataCheckString = fields.entrySet().stream().map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining("\n"));
        byte[] secret = TelegramInitData.hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
        String hash = HexFormat.of().formatHex(TelegramInitData.hmac(secret, dataCheckString));
        return encode(fields) + "&hash=" + hash;
    }

    public String signed() {
        return signedWith(BOT_TOKEN);
    }

    public String unsigned() {
        return encode(fields);
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
