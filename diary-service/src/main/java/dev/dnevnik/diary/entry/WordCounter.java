package dev.dnevnik.diary.entry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts words the way a writer would: runs of letters or digits, with inner apostrophes and hyphens (don't, п'ять, e-mail). */
final class WordCounter {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’ʼ-][\\p{L}\\p{N}]+)*");

    private WordCounter() {
    }

    static int count(String text) {
        if (text == null) {
            return 0;
        }
        Matcher matcher = WORD.matcher(text);
        int words = 0;
        while (matcher.find()) {
            words++;
        }
        return words;
    }
}
