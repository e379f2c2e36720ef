package dev.dnevnik.gateway.voice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.dnevnik.common.hash.Sha256;

/**
 * A voice-entry form, read: the recording, and the entry's fields as diary-service takes them. The fields are only
 * normalised here (blank is absent, tags may come comma-separated, the language code in lowercase); whether they are
 * valid is for the services to say — transcription-service checks the language before it asks a provider, and
 * diary-service the entry's fields. A client that corrects a field and retries with the same Idempotency-Key gets the
 * stored transcript back, not a second transcription.
 */
record VoiceEntryRequest(Path audio, String fileName, String contentType, String title, List<String> tags,
        String entryDate, String language, String idempotencyKey, String timeZone) {

    static VoiceEntryRequest of(FileUpload file, String title, List<String> rawTags, String entryDate, String language,
            String idempotencyKey, String timeZone) {
        List<String> tags = new ArrayList<>();
        if (rawTags != null) {
            rawTags.stream().flatMap(value -> List.of(value.split(",")).stream()).map(String::strip)
                    .filter(tag -> !tag.isEmpty()).forEach(tags::add);
        }
        return new VoiceEntryRequest(file.uploadedFile(), file.fileName() == null ? "audio" : file.fileName(),
                file.contentType(), blankToNull(title), tags, blankToNull(entryDate),
                language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT),
                idempotencyKey, timeZone);
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
        return "voice-entry-" + Sha256.hex(idempotencyKey).substring(0, 32) + "-" + step;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
