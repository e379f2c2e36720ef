package dev.dnevnik.news.digest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.upstream.OpenAiApiError;
import dev.dnevnik.news.digest.DigestOptions.Language;
import io.smallrye.mutiny.Uni;

/**
 * Writes a digest's text: by the chat model when one is configured (the engine is the model's name), otherwise — and
 * whenever the model cannot deliver: failures after the guard's retries, an open circuit, a timeout, a full bulkhead,
 * an empty or unusable answer — by the {@link ExtractiveSummarizer} (engine {@value ExtractiveSummarizer#ENGINE}),
 * logging why. No items: a short "nothing new" text, without asking the model. Trouble with the model never fails the
 * digest.
 */
@ApplicationScoped
public class DigestWriter {

    private static final Logger LOG = Logger.getLogger(DigestWriter.class);

    private final ChatCompletions chat;
    private final LlmMetrics metrics;
    private final ExtractiveSummarizer extractive = new ExtractiveSummarizer();

    public DigestWriter(ChatCompletions chat, LlmMetrics metrics) {
        this.chat = chat;
        this.metrics = metrics;
    }

    /**
     * The text of a digest of {@code items} (already selected, in the order to number them). A missing language in
     * {@code options} is guessed from the items.
     */
    public Uni<DigestText> write(List<DigestItem> items, DigestOptions options) {
        Language language = options.language() != null ? options.language() : Language.guess(items);
        DigestOptions resolved = options.withLanguage(language);
        if (items.isEmpty()) {
            metrics.digestText(ExtractiveSummarizer.ENGINE, "no_items");
            return Uni.createFrom().item(new DigestText(DigestPhrases.nothingNew(language), List.of(),
                    ExtractiveSummarizer.ENGINE));
        }
        if (!chat.isConfigured()) {
            LOG.debug("Digest written extractively: no chat-completions API configured");
            return Uni.createFrom().item(() -> extractively(items, resolved, "not_configured"));
        }
        return Uni.createFrom().deferred(() -> {
            DigestPrompt prompt = DigestPrompt.of(items, resolved);
            return chat.complete(prompt.messages(), prompt.maxCompletionTokens());
        })
                .map(answer -> Citations.apply(answer, items, language, chat.model()))
                .invoke(text -> metrics.digestText("llm", "success"))
                .onFailure().recoverWithItem(failure -> {
                    String why = OpenAiFailure.of(failure).outcome();
                    // the kind and status only: an API's error text may echo what it was sent
                    LOG.warnf("Digest written extractively: the chat-completions call failed (%s%s)", why,
                            failure instanceof OpenAiApiError http ? ", status " + http.status()
                                    : failure instanceof OpenAiFailure.EmptyAnswer ? ""
                                    : ", " + failure.getClass().getSimpleName());
                    return extractively(items, resolved, why);
                });
    }

    private DigestText extractively(List<DigestItem> items, DigestOptions options, String reason) {
        metrics.digestText(ExtractiveSummarizer.ENGINE, reason);
        return extractive.summarize(items, options);
    }
}
