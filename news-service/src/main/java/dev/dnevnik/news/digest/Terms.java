package dev.dnevnik.news.digest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The terms of a sentence, for similarity: words in lower case ({@code ё} as {@code е}, apostrophes dropped, so
 * "пам’ять" and "пам'ять" are one word), without Russian, Ukrainian and English stop words and one-letter words, folded
 * to a prefix (5 letters of a Cyrillic word, 6 of a Latin one) so that most inflected forms of a word meet — "выборы",
 * "выборов", "выборах"; "elections", "election" — without a stemmer.
 */
final class Terms {

    private static final int CYRILLIC_PREFIX = 5;
    private static final int LATIN_PREFIX = 6;

    static final Set<String> STOP_WORDS = Set.copyOf(Arrays.asList(
            // Russian
            "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его", "но",
            "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от", "меня",
            "еще", "нет", "о", "из", "ему", "теперь", "когда", "даже", "ну", "вдруг", "ли", "если", "уже", "или", "ни",
            "быть", "был", "него", "до", "вас", "нибудь", "опять", "уж", "вам", "ведь", "там", "потом", "себя",
            "ничего", "ей", "может", "они", "тут", "где", "есть", "надо", "ней", "для", "мы", "тебя", "их", "чем",
            "была", "сам", "чтоб", "без", "будто", "чего", "раз", "тоже", "себе", "под", "будет", "ж", "тогда", "кто",
            "этот", "того", "потому", "этого", "какой", "совсем", "ним", "здесь", "этом", "один", "почти", "мой",
            "тем", "чтобы", "нее", "были", "куда", "зачем", "всех", "никогда", "можно", "при", "наконец", "два", "об",
            "другой", "хоть", "после", "над", "больше", "тот", "через", "эти", "нас", "про", "всего", "них", "какая",
            "много", "разве", "три", "эту", "моя", "впрочем", "хорошо", "свою", "этой", "перед", "иногда", "лучше",
            "чуть", "том", "нельзя", "такой", "им", "более", "всегда", "конечно", "всю", "между", "это", "также",
            "который", "которые", "которая", "которых", "которой", "этих", "году", "года", "год", "также", "сообщает",
            "заявил", "заявила", "стало", "известно", "является", "ранее", "своей", "своих", "свой", "своим",
            // Ukrainian
            "і", "й", "та", "що", "не", "на", "з", "із", "зі", "як", "але", "це", "ця", "цей", "ці", "цих", "той",
            "та", "ті", "для", "до", "від", "по", "про", "при", "під", "над", "без", "через", "між", "також", "ще",
            "вже", "би", "б", "чи", "або", "ні", "якщо", "коли", "де", "тут", "там", "так", "він", "вона", "воно",
            "вони", "ми", "ви", "ти", "я", "його", "її", "їх", "їм", "йому", "нам", "вам", "свій", "своє", "своя",
            "свої", "який", "яка", "яке", "які", "якого", "якої", "яких", "був", "була", "було", "були", "бути", "буде",
            "будуть", "є", "має", "мають", "може", "можуть", "після", "перед", "тому", "щоб", "лише", "тільки",
            "році", "року", "рік", "повідомляє", "заявив", "заявила", "стало", "відомо", "раніше", "саме", "усі",
            "всі", "усіх", "всіх", "уже", "проте", "однак", "адже", "біля", "серед", "понад",
            // English
            "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at", "by", "for",
            "with", "about", "against", "between", "into", "through", "during", "before", "after", "above", "below",
            "from", "up", "down", "out", "off", "over", "under", "again", "further", "once", "here", "there", "when",
            "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
            "nor", "not", "only", "own", "same", "so", "than", "too", "very", "can", "will", "just", "should", "now",
            "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did",
            "doing", "would", "could", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "he",
            "him", "his", "himself", "she", "her", "hers", "herself", "we", "us", "our", "ours", "you", "your",
            "yours", "i", "me", "my", "mine", "this", "that", "these", "those", "what", "which", "who", "whom",
            "as", "until", "while", "also", "said", "says", "say", "new", "year", "years", "according", "one", "two",
            "its", "it's", "s", "t", "than", "into", "per", "via", "may", "might", "must", "shall"));

    private Terms() {
    }

    /** The sentence's terms in order, repeats kept. */
    static List<String> of(String text) {
        List<String> terms = new ArrayList<>();
        StringBuilder word = new StringBuilder(24);
        boolean cyrillic = false;
        int length = text.length();
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                char lower = Character.toLowerCase(c);
                if (lower == 'ё') {
                    lower = 'е';
                }
                cyrillic |= lower >= '\u0400' && lower <= '\u04ff';
                word.append(lower);
            } else if ((c == '\'' || c == '’' || c == 'ʼ') && word.length() > 0 && i + 1 < length
                    && Character.isLetter(text.charAt(i + 1))) {
                // inside a word: dropped
            } else if (word.length() > 0) {
                add(terms, word, cyrillic);
                word.setLength(0);
                cyrillic = false;
            }
        }
        return terms;
    }

    private static void add(List<String> terms, StringBuilder word, boolean cyrillic) {
        if (word.length() < 2) {
            return;
        }
        String text = word.toString();
        if (STOP_WORDS.contains(text)) {
            return;
        }
        int prefix = cyrillic ? CYRILLIC_PREFIX : LATIN_PREFIX;
        terms.add(text.length() > prefix ? text.substring(0, prefix) : text);
    }
}
