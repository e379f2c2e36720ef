package dev.dnevnik.news.digest;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A news item selected for a digest: what the text engines may use, and all they may cite. */
@RegisterForReflection
public record DigestItem(UUID id, String title, String summary, String link, String category, Instant publishedAt) {

    public DigestItem {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
    }
}
