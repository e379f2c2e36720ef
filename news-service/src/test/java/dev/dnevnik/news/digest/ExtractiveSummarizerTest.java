package dev.dnevnik.news.digest;

import static dev.dnevnik.news.digest.DigestFixtures.englishNews;
import static dev.dnevnik.news.digest.DigestFixtures.item;
import static dev.dnevnik.news.digest.DigestFixtures.russianNews;
import static dev.dnevnik.news.digest.DigestFixtures.ukrainianNews;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.dnevnik.news.digest.DigestOptions.Language;
import dev.dnevnik.news.digest.DigestOptions.Length;
import dev.dnevnik.news.digest.DigestOptions.Style;

class ExtractiveSummarizerTest {

    private static final Pattern REFERENCE = Pattern.compile("\\[(\\d+)\\]");

    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();

    private static DigestOptions options(Style style, Length length, Language language) {
        return DigestOptions.defaults().withStyle(style).withLength(length).withLanguage(language);
    }

    @Test
    void ranksFirstWhatSeveralItemsAgreeOn() {
        DigestText text = summarizer.summarize(russianNews(), options(Style.BULLETS, Length.SHORT, Language.RU));

        String firstBullet = body(text).lines().filter(line -> line.startsWith("- ")).findFirst().orElseThrow();
        assertTrue(firstBullet.contains("ключев") && firstBullet.contains("21%"),
                "three of six items report the rate decision; it leads: " + text.content());
        Set<String> financeIds = russianNews().stream().filter(i -> i.category().equals("finance"))
                .map(i -> i.id().toString()).collect(Collectors.toSet());
        assertTrue(financeIds.contains(text.citations().get(0).newsId().toString()), "[1] is a rate-decision item");
    }

    @Test
    void tellsTheMostCentralStoryOnceBeforeRetellingIt() {
        DigestText text = summarizer.summarize(russianNews(), options(Style.BRIEF, Length.SHORT, Language.RU));

        // three sentences: the rate story (three items tell it) once, then two other stories, not its retellings
        Map<UUID, String> categories = russianNews().stream()
                .collect(Collectors.toMap(DigestItem::id, DigestItem::category));
        List<String> told = text.citations().stream().map(c -> categories.get(c.newsId())).toList();
        assertEquals(3, told.size(), text.content());
        assertEquals("finance", told.get(0), text.content());
        assertEquals(1, told.stream().filter("finance"::equals).count(), text.content());
        assertEquals(3, Sentences.split(body(text)).size(), text.content());
    }

    @Test
    void neverPicksANearDuplicateOfASentenceAlreadyPicked() {
        String wire = "Правительство утвердило новый бюджет на следующий год с дефицитом в 2% ВВП.";
        List<DigestItem> items = new ArrayList<>(russianNews());
        items.add(item("Бюджет утверждён", wire + " Документ направлен в Думу.", "economy"));
        items.add(item("Кабмин одобрил бюджет", wire + " Расходы на образование вырастут.", "economy"));
        items.add(item("Новый бюджет", "Правительство утвердило новый бюджет на следующий год с дефицитом "
                + "в 2 % ВВП!", "economy"));

        for (Length length : Length.values()) {
            DigestText text = summarizer.summarize(items, options(Style.BRIEF, length, Language.RU));
            int occurrences = text.content().split("утвердило новый бюджет", -1).length - 1;
            assertTrue(occurrences <= 1, length + ": the same wire sentence appears " + occurrences + " times:\n"
                    + text.content());
        }
    }

    @Test
    void longerLengthsSayMoreWithinTheirBudgets() {
        List<DigestItem> items = manyItems(30);
        int previous = 0;
        for (Length length : Length.values()) {
            DigestText text = summarizer.summarize(items, options(Style.BRIEF, length, Language.EN));
            ExtractiveSummarizer.Budget budget = ExtractiveSummarizer.Budget.of(length, Style.BRIEF);
            String body = body(text);
            assertTrue(body.length() > previous, length + " is longer than the length before it");
            assertTrue(body.length() <= budget.characters() + 10 * text.citations().size(),
                    length + ": " + body.length() + " characters");
            long sentences = Sentences.split(body).size();
            assertTrue(sentences <= budget.sentences(), length + ": " + sentences + " sentences");
            previous = body.length();
        }
    }

    @Test
    void briefIsOneParagraph() {
        DigestText text = summarizer.summarize(englishNews(), options(Style.BRIEF, Length.MEDIUM, Language.EN));

        assertTrue(text.content().startsWith("Digest\n\n"), text.content());
        assertFalse(body(text).contains("\n"), "one paragraph: " + text.content());
        assertFalse(body(text).startsWith("- "));
    }

    @Test
    void bulletsAreOneDashLinePerItem() {
        DigestText text = summarizer.summarize(englishNews(), options(Style.BULLETS, Length.MEDIUM, Language.EN));

        List<String> lines = body(text).lines().toList();
        assertTrue(lines.size() >= 2, text.content());
        lines.forEach(line -> assertTrue(line.startsWith("- ") && REFERENCE.matcher(line).find(), line));
        assertEquals(lines.size(), text.citations().size(), "one line per cited item");
    }

    @Test
    void detailedGivesEachItemItsTitleAndGroupsCategories() {
        DigestText text = summarizer.summarize(russianNews(), options(Style.DETAILED, Length.LONG, Language.RU));

        String body = body(text);
        for (Citation citation : text.citations()) {
            assertTrue(body.contains(citation.title() + " [" + citation.number() + "]\n"),
                    "a part titled " + citation.title() + ":\n" + text.content());
        }
        // finance items are next to each other
        Map<UUID, String> categories = russianNews().stream()
                .collect(Collectors.toMap(DigestItem::id, DigestItem::category));
        List<String> order = text.citations().stream().map(c -> categories.get(c.newsId())).toList();
        assertEquals(new ArrayList<>(new LinkedHashSet<>(order)).size(),
                order.stream().distinct().count());
        int first = order.indexOf("finance");
        int last = order.lastIndexOf("finance");
        assertTrue(order.subList(first, last + 1).stream().allMatch("finance"::equals), order.toString());
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void citesEveryItemAsANumberThatMatchesItsCitationAndListsTheReferences(Style style) {
        List<DigestItem> items = russianNews();
        DigestText text = summarizer.summarize(items, options(style, Length.LONG, Language.RU));
        Map<UUID, DigestItem> byId = items.stream().collect(Collectors.toMap(DigestItem::id, Function.identity()));

        List<Integer> cited = new ArrayList<>();
        Matcher m = REFERENCE.matcher(body(text));
        while (m.find()) {
            int number = Integer.parseInt(m.group(1));
            if (!cited.contains(number)) {
                cited.add(number);
            }
        }
        List<Integer> numbers = text.citations().stream().map(Citation::number).toList();
        assertEquals(numbers, cited, "cited in order of first appearance, each one listed");
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i));
        }
        String references = text.content().substring(text.content().indexOf("\n\nИсточники:\n"));
        for (Citation citation : text.citations()) {
            DigestItem item = byId.get(citation.newsId());
            assertEquals(item.title(), citation.title());
            assertEquals(item.link(), citation.link());
            assertTrue(references.contains("[" + citation.number() + "] " + item.title() + " — " + item.link()),
                    references);
        }
        // each cited sentence is one of its item's own sentences
        for (String sentence : Sentences.split(body(text).replaceAll("(?m)^- ", ""))) {
            Matcher ref = REFERENCE.matcher(sentence);
            if (ref.find() && style != Style.DETAILED) {
                DigestItem item = byId.get(text.citations().get(Integer.parseInt(ref.group(1)) - 1).newsId());
                String plain = sentence.replaceAll(" \\[\\d+\\]", "").strip();
                assertTrue(item.summary().contains(plain.substring(0, Math.min(25, plain.length()))),
                        "'" + plain + "' is from " + item.title());
            }
        }
        assertEquals(ExtractiveSummarizer.ENGINE, text.engine());
    }

    @Test
    void writesItsPhrasesInTheDigestsLanguage() {
        assertTrue(summarizer.summarize(ukrainianNews(), options(Style.BRIEF, Length.SHORT, Language.UK)).content()
                .matches("(?s)Дайджест\n\n.*\n\nДжерела:\n\\[1\\] .*"));
        assertTrue(summarizer.summarize(russianNews(), options(Style.BRIEF, Length.SHORT, Language.RU)).content()
                .matches("(?s)Дайджест\n\n.*\n\nИсточники:\n\\[1\\] .*"));
        assertTrue(summarizer.summarize(englishNews(), options(Style.BRIEF, Length.SHORT, Language.EN)).content()
                .matches("(?s)Digest\n\n.*\n\nSources:\n\\[1\\] .*"));
    }

    @Test
    void guessesTheLanguageFromTheItemsWhenTheCallerLeftItOpen() {
        DigestOptions open = DigestOptions.defaults();
        assertTrue(summarizer.summarize(ukrainianNews(), open).content().contains("\n\nДжерела:\n"));
        assertTrue(summarizer.summarize(englishNews(), open).content().contains("\n\nSources:\n"));
        assertTrue(summarizer.summarize(russianNews(), open).content().contains("\n\nИсточники:\n"));
    }

    @Test
    void summarisesUkrainianText() {
        DigestText text = summarizer.summarize(ukrainianNews(), options(Style.BULLETS, Length.SHORT, Language.UK));

        assertTrue(body(text).lines().findFirst().orElseThrow().contains("облікову ставку")
                || body(text).lines().findFirst().orElseThrow().contains("облікової ставки"), text.content());
    }

    @Test
    void isDeterministic() {
        List<DigestItem> items = manyItems(60);
        for (Style style : Style.values()) {
            DigestOptions options = options(style, Length.LONG, Language.RU);
            assertEquals(summarizer.summarize(items, options), new ExtractiveSummarizer().summarize(items, options));
        }
    }

    @Test
    void usesTheTitleOfAnItemWithoutSummaryAndSkipsEmptyOnes() {
        List<DigestItem> items = List.of(
                item("Курс доллара опустился ниже 90 рублей", null, "finance"),
                item("", "  ", "finance"),
                item("Доллар подешевел до 89 рублей на открытии торгов", "", "finance"));

        DigestText text = summarizer.summarize(items, options(Style.BULLETS, Length.MEDIUM, Language.RU));

        assertTrue(text.content().contains("Курс доллара опустился ниже 90 рублей"), text.content());
        assertTrue(text.citations().stream().noneMatch(c -> c.title().isEmpty()));
    }

    @Test
    void saysNothingIsNewWithoutItems() {
        DigestText text = summarizer.summarize(List.of(), options(Style.BRIEF, Length.MEDIUM, Language.EN));

        assertEquals("Nothing new in your topics yet.", text.content());
        assertTrue(text.citations().isEmpty());
    }

    @Test
    void splitsSentencesAtTheirEndsButNotAtAbbreviationsInitialsOrNumbers() {
        assertEquals(List.of("Выступил А. С. Петров, т. е. глава ведомства, на ул. Ленина в 10 ч. утра.",
                "Рост составил 3.5 % за год!", "Что дальше?!", "«Посмотрим», — сказал он…", "Итог."),
                Sentences.split("Выступил А. С. Петров, т. е. глава ведомства, на ул. Ленина в 10 ч. утра. "
                        + "Рост составил 3.5 % за год! Что дальше?! «Посмотрим», — сказал он… Итог."));
        assertEquals(List.of("Dr. Smith met Mr. J. Brown in the U.S. on Monday.", "They agreed, e.g. on trade.",
                "Talks end in 2025.", "Next steps follow."),
                Sentences.split("Dr. Smith met Mr. J. Brown in the U.S. on Monday. They agreed, e.g. on trade. "
                        + "Talks end in 2025. Next steps follow."));
        assertEquals(List.of("Зарплати зросли до 20 тис. грн на місяць.", "Це на 5% більше, ніж торік."),
                Sentences.split("Зарплати зросли до 20 тис. грн на місяць. Це на 5% більше, ніж торік."));
        assertEquals(List.of("First line", "Second line."), Sentences.split("First line\nSecond line."));
    }

    /** The part between the heading and the references. */
    private static String body(DigestText text) {
        String content = text.content();
        int start = content.indexOf("\n\n") + 2;
        int end = content.lastIndexOf("\n\n");
        return content.substring(start, end);
    }

    private static List<DigestItem> manyItems(int count) {
        List<DigestItem> items = new ArrayList<>();
        List<List<DigestItem>> pools = List.of(russianNews(), englishNews(), ukrainianNews());
        for (int i = 0; i < count; i++) {
            List<DigestItem> pool = pools.get(i % pools.size());
            DigestItem base = pool.get((i / pools.size()) % pool.size());
            items.add(item(base.title() + " (" + i + ")", base.summary() + " Report number " + i + " of the day.",
                    base.category()));
        }
        return items;
    }
}
