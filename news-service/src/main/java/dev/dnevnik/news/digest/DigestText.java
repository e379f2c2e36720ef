package dev.dnevnik.news.digest;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A digest's text, the items it cites (each {@code [n]} in the text is the citation numbered n; the text ends with
 * the list of references), and what wrote it: the chat model's name, or {@value ExtractiveSummarizer#ENGINE}.
 */
@RegisterForReflection
public record DigestText(String content, List<Citation> citations, String engine) {

    public DigestText {
        citations = List.copyOf(citations);
    }
}
