package dev.dnevnik.news.digest;

import java.util.List;

import dev.dnevnik.news.digest.DigestOptions.Language;

/** The few fixed phrases of a digest, in its language, and the references section every digest ends with. */
final class DigestPhrases {

    private DigestPhrases() {
    }

    static String heading(Language language) {
        return switch (language) {
            case RU, UK -> "Дайджест";
            case EN -> "Digest";
        };
    }

    static String nothingNew(Language language) {
        return switch (language) {
            case RU -> "Новых новостей по вашим темам пока нет.";
            case UK -> "Нових новин за вашими темами поки немає.";
            case EN -> "Nothing new in your topics yet.";
        };
    }

    static String sources(Language language) {
        return switch (language) {
            case RU -> "Источники";
            case UK -> "Джерела";
            case EN -> "Sources";
        };
    }

    /** A blank line, the heading, then {@code [n] Title — link} per citation; nothing without citations. */
    static String referencesSection(List<Citation> citations, Language language) {
        if (citations.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n\n").append(sources(language)).append(':');
        for (Citation citation : citations) {
            out.append("\n[").append(citation.number()).append("] ").append(citation.title());
            if (citation.link() != null && !citation.link().isBlank()) {
                out.append(" — ").append(citation.link());
            }
        }
        return out.toString();
    }
}
