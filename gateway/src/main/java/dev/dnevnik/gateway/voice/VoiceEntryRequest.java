package dev.dnevnik.gateway.voice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.problem.FieldErrors;

/**
 * A checked voice-entry request. What diary-service would refuse is refused here, before the (paid, slow)
 * transcription is made.
 */
record VoiceEntryRequest(Path audio, String fileName, String contentType, String title, List<String> tags,
        LocalDate entryDate, String language, String idempotencyKey, String timeZone) {

    static VoiceEntryRequest of(FileUpload file, String title, List<String> rawTags, String entryDate, String language,
            String idempotencyKey, String timeZone) {
        FieldErrors errors = new FieldErrors();
        String cleanTitle = title == null || title.isBlank() ? null : title.strip();
        if (cleanTitle != null && cleanTitle.length() > 200) {
            errors.add("title", "must be at most 200 characters");
        }
        List<String> tags = new ArrayList<>();
        if (rawTags != null) {
            rawTags.stream().flatMap(value -> List.of(value.split(",")).stream()).map(String::strip)
                    .filter(tag -> !tag.isEmpty()).forEach(tags::add);
        }
        if (tags.size() > 20) {
            errors.add("tags", "at most 20 tags");
        }
        if (tags.stream().anyMatch(tag -> tag.length() > 40)) {
            errors.add("tags", "each tag must be at most 40 characters");
        }
        LocalDate date = entryDate == null || entryDate.isBlank() ? null : errors.date("entryDate", entryDate.strip());
        String cleanLanguage = language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
        if (cleanLanguage != null && !cleanLanguage.matches("[a-z]{2}")) {
            errors.add("language", "must be an ISO 639-1 code such as ru, uk or en");
        }
        errors.throwIfAny();
        return new VoiceEntryRequest(file.uploadedFile(), file.fileName() == null ? "audio" : file.fileName(),
                file.contentType(), cleanTitle, tags, date, cleanLanguage, idempotencyKey, timeZone);
    }

    /**
     * The key of one step, derived from the client's: the same client key always gives the same step keys, so a
     * retry after a failure between the steps replays the finished step instead of doing it again. Hashed so that
     * it stays a valid key whatever the length of the client's.
     */
    String stepKey(String step) {
        if (idempotencyKey == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "voice-entry-" + HexFormat.of().formatHex(digest, 0, 16) + "-" + step;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
