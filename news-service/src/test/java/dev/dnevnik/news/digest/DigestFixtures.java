package dev.dnevnik.news.digest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** News items as feeds deliver them, in Russian, Ukrainian and English. */
final class DigestFixtures {

    static final Instant NOW = Instant.parse("2025-03-14T09:30:00Z");

    private DigestFixtures() {
    }

    static DigestItem item(String title, String summary, String category) {
        UUID id = UUID.nameUUIDFromBytes((title + "|" + summary).getBytes(StandardCharsets.UTF_8));
        return new DigestItem(id, title, summary, "https://news.example.org/" + id.toString().substring(0, 8),
                category, NOW);
    }

    /** Three reports of the same rate decision, one football result, one weather note, one science story. */
    static List<DigestItem> russianNews() {
        return List.of(
                item("ЦБ повысил ключевую ставку до 21%",
                        "Банк России повысил ключевую ставку до 21% годовых. Регулятор объяснил решение высокой "
                                + "инфляцией. Следующее заседание совета директоров пройдёт в декабре.",
                        "finance"),
                item("Погода в Москве: снег и гололёд",
                        "В пятницу в Москве ожидается мокрый снег. Синоптики предупреждают о гололёде на дорогах.",
                        "weather"),
                item("Ключевая ставка выросла: что будет с вкладами",
                        "Повышение ключевой ставки Банком России до 21% сделает вклады доходнее. Банки уже начали "
                                + "поднимать ставки по депозитам.",
                        "finance"),
                item("«Зенит» обыграл «Спартак» в дерби",
                        "«Зенит» победил «Спартак» со счётом 2:1. Решающий гол забит на 89-й минуте.",
                        "football"),
                item("Аналитики: решение ЦБ по ставке было ожидаемым",
                        "Аналитики называют повышение ключевой ставки до 21% ожидаемым шагом Банка России. "
                                + "Инфляция остаётся выше цели регулятора.",
                        "finance"),
                item("Учёные получили снимки далёкой галактики",
                        "Телескоп «Джеймс Уэбб» сделал снимки галактики, возникшей вскоре после Большого взрыва.",
                        "space"));
    }

    static List<DigestItem> ukrainianNews() {
        return List.of(
                item("НБУ зберіг облікову ставку на рівні 15,5%",
                        "Національний банк України зберіг облікову ставку на рівні 15,5%. Рішення пояснюють "
                                + "інфляційними ризиками.",
                        "finance"),
                item("У Києві відкрили новий міст",
                        "У Києві відкрили рух новим мостом через Дніпро. Будівництво тривало три роки.",
                        "local"),
                item("Облікова ставка НБУ: що це означає для кредитів",
                        "Збереження облікової ставки НБУ означає, що кредити не подешевшають найближчими місяцями.",
                        "finance"));
    }

    static List<DigestItem> englishNews() {
        return List.of(
                item("Fed holds interest rates steady",
                        "The Federal Reserve held interest rates steady on Wednesday. Officials signalled two cuts "
                                + "later this year. Markets rallied after the announcement.",
                        "finance"),
                item("Apple unveils new MacBook Air",
                        "Apple unveiled a new MacBook Air with the M4 chip. It goes on sale next week.",
                        "gadgets"),
                item("Stocks rise as the Fed keeps rates unchanged",
                        "U.S. stocks rose after the Federal Reserve kept interest rates unchanged. Investors expect "
                                + "rate cuts later this year.",
                        "finance"));
    }
}
