package dev.dnevnik.news.digest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits news text into sentences: at {@code . ! ? …} (and runs of them, with closing quotes and brackets) followed by
 * a space and a sentence start, and at line breaks. A period does not end a sentence after a common Russian,
 * Ukrainian or English abbreviation ("т. е.", "ул.", "вул.", "тис.", "Dr.", "U.S."), after an initial ("А. С.
 * Пушкин", "J. Smith"), or when the next word starts in lower case. Text is cleaned of control characters first.
 */
final class Sentences {

    /** Lower case, without the final period. */
    private static final Set<String> ABBREVIATIONS = Set.copyOf(Arrays.asList(
            // Russian
            "гг", "ул", "пр", "просп", "пер", "пл", "им", "т.е", "т.д", "т.п", "т.к", "т.н", "т.ч", "в т.ч", "др", "см",
            "ср", "стр", "тыс", "млн", "млрд", "трлн", "руб", "коп", "долл", "проф", "акад", "доц", "ген", "зам", "обл",
            "напр", "англ", "рус", "изд", "ок", "мин", "сек", "кв", "км", "тел", "корп", "каб", "н.э", "гос", "мкр",
            // Ukrainian
            "вул", "тис", "грн", "див", "ім", "т.зв", "т.б", "рр", "ст", "пор", "ін", "н.е", "пров", "бульв", "смт",
            // English
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp",
            "u.s", "u.k", "u.n", "a.m", "p.m", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec", "gov", "gen", "sen", "rep", "dept", "est", "approx", "fig", "mt", "ft", "lt", "col",
            "capt", "sgt"));

    /** Longest sentence kept whole; longer ones are cut at a word boundary and marked with an ellipsis. */
    static final int MAX_SENTENCE = 400;

    private Sentences() {
    }

    static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        if (text == null) {
            return sentences;
        }
        String clean = clean(text);
        int length = clean.length();
        int start = 0;
        int i = 0;
        while (i < length) {
            char c = clean.charAt(i);
            if (c == '\n') {
                add(sentences, clean, start, i);
                start = i + 1;
                i++;
                continue;
            }
            if (!isTerminal(c)) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < length && (isTerminal(clean.charAt(end)) || isClosing(clean.charAt(end)))) {
                end++;
            }
            if (end >= length) {
                break;
            }
            if (clean.charAt(end) != ' ' && clean.charAt(end) != '\n') {
                i = end; // "3.5", "т.е", "example.com": inside a word
                continue;
            }
            int next = end;
            while (next < length && clean.charAt(next) == ' ') {
                next++;
            }
            if (next < length && clean.charAt(next) != '\n' && !startsSentence(clean.charAt(next))) {
                i = next;
                continue;
            }
            if (c == '.' && end == i + 1 && abbreviationBefore(clean, i)) {
                i = next;
                continue;
            }
            add(sentences, clean, start, end);
            start = end;
            i = end;
        }
        add(sentences, clean, start, length);
        return sentences;
    }

    /** Control characters (NUL included) and runs of spaces become one space; line breaks are kept. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                trimTrailingSpace(out);
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                space = false;
            } else if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00a0' || c == '\u200b') {
                space = out.length() > 0 && out.charAt(out.length() - 1) != '\n';
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        trimTrailingSpace(out);
        return out.toString();
    }

    private static void trimTrailingSpace(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }

    private static void add(List<String> sentences, String text, int from, int to) {
        String sentence = text.substring(from, to).strip();
        if (sentence.isEmpty()) {
            return;
        }
        if (sentence.length() > MAX_SENTENCE) {
            int cut = sentence.lastIndexOf(' ', MAX_SENTENCE - 1);
            sentence = sentence.substring(0, cut > MAX_SENTENCE / 2 ? cut : MAX_SENTENCE - 1).strip() + "…";
        }
        sentences.add(sentence);
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static boolean isClosing(char c) {
        return c == '"' || c == '\'' || c == '»' || c == '”' || c == '’' || c == ')' || c == ']';
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || c == '«' || c == '"' || c == '“' || c == '„'
                || c == '(' || c == '—' || c == '–' || c == '-' || c == '\'' || c == '[';
    }

    /** Whether the word ending at {@code dot} is an abbreviation or an initial. */
    private static boolean abbreviationBefore(String text, int dot) {
        int from = dot;
        while (from > 0 && text.charAt(from - 1) != ' ' && text.charAt(from - 1) != '\n') {
            from--;
        }
        while (from < dot && !Character.isLetterOrDigit(text.charAt(from))) {
            from++; // "(ул." "«т.е."
        }
        if (from == dot) {
            return false;
        }
        String word = text.substring(from, dot).toLowerCase(Locale.ROOT);
        if (word.length() == 1) {
            return Character.isLetter(word.charAt(0));
        }
        if (ABBREVIATIONS.contains(word)) {
            return true;
        }
        // "в т.ч": the word before is part of it
        int before = from - 1;
        while (before > 0 && text.charAt(before - 1) != ' ' && text.charAt(before - 1) != '\n') {
            before--;
        }
        return before >= 0 && from > 0
                && ABBREVIATIONS.contains(text.substring(before, dot).toLowerCase(Locale.ROOT).strip());
    }
}
