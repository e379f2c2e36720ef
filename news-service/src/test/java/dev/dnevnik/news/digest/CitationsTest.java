package dev.dnevnik.news.digest;

import static dev.dnevnik.news.digest.DigestFixtures.englishNews;
import static dev.dnevnik.news.digest.DigestFixtures.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dnevnik.upstream.OpenAiFailure;
import dev.dnevnik.news.digest.DigestOptions.Language;

class CitationsTest {

    private final List<DigestItem> items = englishNews();

    private DigestText apply(String answer) {
        return Citations.apply(answer, items, Language.EN, "llama-3.3-70b-versatile");
    }

    private String body(DigestText text) {
        String content = text.content();
        return content.substring("Digest\n\n".length(), content.lastIndexOf("\n\nSources:"));
    }

    @Test
    void removesEveryLinkThatWasNotAmongTheSelectedItems() {
        String own = items.get(0).link();
        DigestText text = apply("The Fed held rates [1], see " + own + ". Details at https://evil.example.com/phish?x=1, "
                + "http://foreign.test/a, www.spam-site.com/offer and bit.ly/3xYz. Write to tips@leak.org, or "
                + "[click here](https://evil.example.com/login) and [the report](" + own + "). "
                + "Also <https://autolink.example.net> and ftp://files.example.net/x and javascript:alert(1) and "
                + "сайт.рф/новости and evil.com [2].");

        String body = body(text);
        assertTrue(body.contains(own), "the item's own link stays: " + body);
        assertTrue(body.contains("[the report](" + own + ")"), body);
        for (String foreign : List.of("evil.example.com", "foreign.test", "spam-site", "bit.ly", "leak.org",
                "autolink", "ftp:", "javascript", "сайт.рф", "evil.com")) {
            assertFalse(text.content().contains(foreign), foreign + " reached the text: " + text.content());
        }
        assertTrue(body.contains("click here"), "a foreign Markdown link keeps its text: " + body);
        assertFalse(body.contains("<>") || body.contains("()") || body.contains("  "), body);
    }

    @Test
    void keepsOnlyReferencesToItemsThatExistRenumberedInReadingOrder() {
        DigestText text = apply("Stocks rose [3]. The Fed held rates [1, 7]. Apple [0] has a laptop [12][2]. "
                + "Markets cheered [3].");

        assertEquals("Stocks rose [1]. The Fed held rates [2]. Apple has a laptop [3]. Markets cheered [1].",
                body(text));
        assertEquals(3, text.citations().size());
        assertEquals(items.get(2).id(), text.citations().get(0).newsId());
        assertEquals(items.get(0).id(), text.citations().get(1).newsId());
        assertEquals(items.get(1).id(), text.citations().get(2).newsId());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, text.citations().get(i).number());
        }
        assertTrue(text.content().endsWith("\n\nSources:\n[1] " + items.get(2).title() + " — " + items.get(2).link()
                + "\n[2] " + items.get(0).title() + " — " + items.get(0).link()
                + "\n[3] " + items.get(1).title() + " — " + items.get(1).link()), text.content());
        assertEquals("llama-3.3-70b-versatile", text.engine());
    }

    @Test
    void expandsListsAndRangesOfReferences() {
        DigestText text = apply("Rates and stocks moved together [1-3]; the Fed set the tone [2; 1].");

        assertEquals("Rates and stocks moved together [1][2][3]; the Fed set the tone [2][1].", body(text));
    }

    @Test
    void citesEveryItemWhenTheAnswerCitesNone() {
        DigestText text = apply("The Fed held rates and stocks rose, while Apple showed a new laptop.");

        assertEquals(List.of(1, 2, 3), text.citations().stream().map(Citation::number).toList());
        assertEquals(items.stream().map(DigestItem::id).toList(),
                text.citations().stream().map(Citation::newsId).toList());
    }

    @Test
    void removesNulAndOtherControlCharacters() {
        DigestText text = apply("The Fed\u0000 held rates\u0007 steady [1].\r\nStocks rose\u202e [3].");

        assertEquals("The Fed held rates steady [1].\nStocks rose [2].", body(text));
        assertTrue(text.content().indexOf('\u0000') < 0);
    }

    @Test
    void dropsATitleAndASourcesListTheModelWroteItself() {
        DigestText text = apply("# Digest for today\n\nThe Fed held rates steady [1].\n\nSources:\n[1] Fed — "
                + "https://invented.example.com/fed\n[2] Other");

        assertEquals("Digest\n\nThe Fed held rates steady [1].\n\nSources:\n[1] " + items.get(0).title() + " — "
                + items.get(0).link(), text.content());
    }

    @Test
    void refusesAnAnswerWithNothingLeftToRead() {
        assertThrows(OpenAiFailure.EmptyAnswer.class, () -> apply("   "));
        assertThrows(OpenAiFailure.EmptyAnswer.class, () -> apply("https://evil.example.com/x [1] [2]"));
        assertThrows(OpenAiFailure.EmptyAnswer.class, () -> apply("\u0000\u0000 ..."));
    }

    @Test
    void keepsABareDomainThatIsTheHostOfACitedItem() {
        List<DigestItem> bbc = List.of(new DigestItem(items.get(0).id(), "Fed holds", "s",
                "https://www.bbc.com/news/business-1", "finance", null));

        DigestText text = Citations.apply("According to bbc.com the Fed held rates steady [1].", bbc, Language.EN,
                "m");

        assertTrue(text.content().contains("According to bbc.com the Fed"), text.content());
    }

    @Test
    void writesTheHeadingAndSourcesInTheDigestsLanguage() {
        List<DigestItem> one = List.of(item("Новость", "Текст новости.", "world"));
        assertTrue(Citations.apply("Главное за день: новость дня [1].", one, Language.RU, "m").content()
                .matches("(?s)Дайджест\n\nГлавное за день: новость дня \\[1\\]\\.\n\nИсточники:\n\\[1\\] Новость — .*"));
        assertTrue(Citations.apply("Головне за день: новина дня [1].", one, Language.UK, "m").content()
                .contains("\n\nДжерела:\n[1] Новость — "));
    }
}
