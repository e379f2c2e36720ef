package dev.dnevnik.diary.entry;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Business metrics of entries; exported as {@code dnevnik_entries_created_total{source}}. */
@ApplicationScoped
public class EntryMetrics {

    private final Map<Source, Counter> created = new EnumMap<>(Source.class);

    public EntryMetrics(MeterRegistry registry) {
        // registered up front so every series exists at 0 before the first entry
        for (Source source : Source.values()) {
            created.put(source, Counter.builder("dnevnik.entries.created")
                    .description("Diary entries created (idempotent replays not counted)")
                    .tag("source", LowercaseEnums.name(source))
                    .register(registry));
        }
    }

    void created(Source source) {
        created.get(source).increment();
    }
}
