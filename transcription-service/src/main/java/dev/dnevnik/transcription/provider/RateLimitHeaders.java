package dev.dnevnik.transcription.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values of {@code x-ratelimit-*} headers: plain numbers, or Go-style durations such as {@code 1h2m3.5s} or {@code 250ms}. */
final class RateLimitHeaders {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RateLimitHeaders() {
    }

    static Double parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            Matcher part = DURATION_PART.matcher(text);
            double seconds = 0;
            int consumed = 0;
            while (part.find() && part.start() == consumed) {
                double amount = Double.parseDouble(part.group(1));
                seconds += switch (part.group(2)) {
                    case "h" -> amount * 3600;
                    case "m" -> amount * 60;
                    case "ms" -> amount / 1000;
                    default -> amount;
                };
                consumed = part.end();
            }
            return consumed == text.length() && consumed > 0 ? seconds : null;
        }
    }
}
