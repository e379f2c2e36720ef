package dev.dnevnik.news.digest;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A news item a digest cites as {@code [number]}; {@code link} is the item's own link, or null. */
@RegisterForReflection
public record Citation(int number, UUID newsId, String title, String link) {
}
