package dev.dnevnik.transcription.transcript;

/**
 * What a client may tell the recogniser besides the audio.
 *
 * @param language ISO 639-1 code of the speech, or null to let the provider detect it
 * @param prompt context such as names and terms (at most {@link #MAX_PROMPT} characters), or null
 */
record TranscriptionOptions(String language, String prompt) {

    static final int MAX_PROMPT = 1000;
}
