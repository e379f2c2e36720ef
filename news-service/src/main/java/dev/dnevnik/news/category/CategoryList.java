package dev.dnevnik.news.category;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every category twice: as a flat list, and as a tree of top-level categories with their subcategories. */
@Schema(description = "The categories as a flat list and as a tree")
public record CategoryList(List<Category> categories, List<Category> tree) {
}
