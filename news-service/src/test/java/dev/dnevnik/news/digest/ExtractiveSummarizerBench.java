package dev.dnevnik.news.digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.dnevnik.news.digest.DigestOptions.Language;
import dev.dnevnik.news.digest.DigestOptions.Length;
import dev.dnevnik.news.digest.DigestOptions.Style;

/**
 * Times {@link ExtractiveSummarizer} over many news items (500 by default, mixed Russian, Ukrainian and English,
 * stories retold by several items as feeds do), for every style and length. Run by {@code bench/digest-extractive.sh};
 * prints one tab-separated line per combination: style, length, runs, p50, p99 and max in milliseconds, and the
 * digest's length in characters.
 *
 * <pre>java -cp ... dev.dnevnik.news.digest.ExtractiveSummarizerBench [items] [runs] [warm-up runs]</pre>
 */
public final class ExtractiveSummarizerBench {

    private static final String[][] RU = {
            { "Банк России повысил ключевую ставку до %d%%", "Банк России повысил ключевую ставку до %d%% годовых. "
                    + "Регулятор объяснил решение ускорением инфляции. Аналитики ожидали такого шага. "
                    + "Следующее заседание совета директоров пройдёт через шесть недель.", "finance" },
            { "В %s открыли новую станцию метро", "В %s открыли новую станцию метро. Строительство заняло четыре года. "
                    + "Пассажиропоток станции оценивают в сорок тысяч человек в сутки.", "local" },
            { "«%s» обыграл соперника в матче чемпионата", "«%s» победил со счётом 2:1. Решающий гол забит на "
                    + "последних минутах. Команда поднялась на второе место в таблице.", "football" },
            { "Синоптики обещают похолодание в %s", "В выходные в %s ожидается похолодание до минус десяти градусов. "
                    + "Синоптики предупреждают о гололёде на дорогах и советуют не садиться за руль.", "weather" },
            { "Учёные %s представили новую модель ИИ", "Исследователи из %s представили языковую модель, которая "
                    + "работает на обычном ноутбуке. Код модели опубликован в открытом доступе. Разработчики "
                    + "обещают версию для смартфонов, т. е. для устройств без видеокарты.", "ai" },
    };
    private static final String[][] UK = {
            { "НБУ зберіг облікову ставку на рівні %d%%", "Національний банк України зберіг облікову ставку на рівні "
                    + "%d%%. Рішення пояснюють інфляційними ризиками. Наступне засідання правління відбудеться "
                    + "за півтора місяця.", "finance" },
            { "У %s відкрили новий міст", "У %s відкрили рух новим мостом через річку. Будівництво тривало три "
                    + "роки і коштувало понад 2 млрд грн. Міст розвантажить центр міста.", "local" },
            { "«%s» переміг у матчі УПЛ", "«%s» здобув перемогу з рахунком 3:0. Два голи забив нападник команди. "
                    + "Клуб очолює турнірну таблицю.", "football" },
            { "У %s прогнозують сильний вітер", "Синоптики попереджають про сильний вітер у %s. Пориви сягатимуть "
                    + "двадцяти метрів на секунду. Рятувальники радять залишатися вдома.", "weather" },
    };
    private static final String[][] EN = {
            { "Fed holds interest rates at %d%%", "The Federal Reserve held interest rates at %d%% on Wednesday. "
                    + "Officials signalled two cuts later this year. Markets rallied after the announcement, "
                    + "and the dollar weakened against major currencies.", "finance" },
            { "%s unveils a new laptop", "%s unveiled a new laptop with its own chip. It goes on sale next week "
                    + "at a lower price than the previous model. Reviewers praised the battery life.", "gadgets" },
            { "NASA's probe reaches %s", "NASA's probe reached %s after a six-year journey. Scientists expect the "
                    + "first images within days. The mission will study the surface and the atmosphere.", "space" },
            { "Storm warning issued for %s", "Forecasters issued a storm warning for %s. Winds of up to 100 km/h "
                    + "are expected overnight. Schools will stay closed on Friday.", "weather" },
            { "%s wins the championship final", "%s won the championship final 2-1 after extra time. The winning "
                    + "goal came in the 118th minute. Fans celebrated in the streets until dawn.", "sports" },
    };
    private static final String[] PLACES_RU = { "Москве", "Казани", "Новосибирске", "Екатеринбурге", "Самаре" };
    private static final String[] PLACES_UK = { "Києві", "Львові", "Одесі", "Дніпрі", "Харкові" };
    private static final String[] TEAMS = { "Зенит", "Спартак", "Динамо", "Шахтар", "Арсенал" };
    private static final String[] PLACES_EN = { "London", "Mars", "Jupiter", "Chicago", "Apple", "Dell", "Leeds" };

    private ExtractiveSummarizerBench() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<DigestItem> items = items(count, new Random(20250314));
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer();
        // warm up every path first, so no combination pays for the JIT of the ones before it
        for (int i = 0; i < warmUp; i++) {
            for (Style style : Style.values()) {
                for (Length length : Length.values()) {
                    summarizer.summarize(items, options(style, length));
                }
            }
        }
        for (Style style : Style.values()) {
            for (Length length : Length.values()) {
                DigestOptions options = options(style, length);
                double[] millis = new double[runs];
                int characters = 0;
                for (int run = 0; run < runs; run++) {
                    long start = System.nanoTime();
                    DigestText text = summarizer.summarize(items, options);
                    millis[run] = (System.nanoTime() - start) / 1e6;
                    characters = text.content().length();
                }
                Arrays.sort(millis);
                System.out.printf(java.util.Locale.ROOT, "%s\t%s\t%d\t%.2f\t%.2f\t%.2f\t%d%n", style.json(),
                        length.json(), runs, percentile(millis, 50), percentile(millis, 99), millis[runs - 1],
                        characters);
            }
        }
    }

    private static DigestOptions options(Style style, Length length) {
        return DigestOptions.defaults().withStyle(style).withLength(length).withLanguage(Language.RU);
    }

    private static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Items in the three languages (ru 45 %, uk 30 %, en 25 %); each story told by a few items, as feeds do. */
    static List<DigestItem> items(int count, Random random) {
        List<DigestItem> items = new ArrayList<>(count);
        Instant now = Instant.parse("2025-03-14T09:30:00Z");
        for (int i = 0; i < count; i++) {
            int language = random.nextInt(100);
            String[][] templates = language < 45 ? RU : language < 75 ? UK : EN;
            String[] template = templates[random.nextInt(templates.length)];
            String subject = switch (template[2]) {
                case "finance" -> null;
                case "football" -> TEAMS[random.nextInt(TEAMS.length)];
                default -> templates == RU ? PLACES_RU[random.nextInt(PLACES_RU.length)]
                        : templates == UK ? PLACES_UK[random.nextInt(PLACES_UK.length)]
                        : PLACES_EN[random.nextInt(PLACES_EN.length)];
            };
            Object argument = subject == null ? (Object) (10 + random.nextInt(12)) : subject;
            String title = template[0].formatted(argument);
            // feeds differ in what they add to the same story
            String summary = template[1].formatted(argument, argument) + " " + tail(templates, random, i);
            UUID id = new UUID(20250314L, i);
            items.add(new DigestItem(id, title, summary, "https://news.example.org/" + template[2] + "/" + i,
                    template[2], now.minusSeconds(60L * i)));
        }
        return items;
    }

    private static String tail(String[][] templates, Random random, int i) {
        if (templates == EN) {
            return switch (random.nextInt(3)) {
                case 0 -> "Our correspondent reports from the scene, story " + i + ".";
                case 1 -> "More details are expected later today.";
                default -> "The report was updated at " + (8 + random.nextInt(12)) + ":00.";
            };
        }
        if (templates == UK) {
            return switch (random.nextInt(3)) {
                case 0 -> "Про це повідомляє наш кореспондент, новина " + i + ".";
                case 1 -> "Подробиці з'являться згодом.";
                default -> "Новину оновлено о " + (8 + random.nextInt(12)) + ":00.";
            };
        }
        return switch (random.nextInt(3)) {
            case 0 -> "Об этом сообщает наш корреспондент, новость " + i + ".";
            case 1 -> "Подробности появятся позже.";
            default -> "Новость обновлена в " + (8 + random.nextInt(12)) + ":00.";
        };
    }
}
