package dev.dnevnik.transcription.transcript;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.dnevnik.common.validation.LanguageCode;

/**
 * Whisper names the detected language in English ("russian"); Dnevnik stores ISO 639-1 codes ("ru"), the same the
 * client may request. Built once from the JDK's language names.
 */
final class LanguageCodes {

    private static final Map<String, String> CODE_BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOLanguages()) {
            String name = Locale.of(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            CODE_BY_NAME.putIfAbsent(name, code);
        }
        // names Whisper uses that differ from the JDK's
        CODE_BY_NAME.put("castilian", "es");
        CODE_BY_NAME.put("flemish", "nl");
        CODE_BY_NAME.put("haitian creole", "ht");
        CODE_BY_NAME.put("letzeburgesch", "lb");
        CODE_BY_NAME.put("moldavian", "ro");
        CODE_BY_NAME.put("moldovan", "ro");
        CODE_BY_NAME.put("valencian", "ca");
    }

    private LanguageCodes() {
    }

    /** The ISO 639-1 code for a provider's language value (a name or already a code), or null. */
    static String of(String providerLanguage) {
        if (providerLanguage == null || providerLanguage.isBlank()) {
            return null;
        }
        String value = providerLanguage.strip().toLowerCase(Locale.ROOT);
        if (value.matches(LanguageCode.PATTERN)) {
            return value;
        }
        return CODE_BY_NAME.get(value);
    }
}
