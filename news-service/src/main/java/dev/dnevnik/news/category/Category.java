package dev.dnevnik.news.category;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A news category: a stable slug, its parent (null for a top-level one) and its names.
 *
 * @param children the subcategories, in the structure; empty in the flat list
 */
@Schema(description = "A news category")
public record Category(
        @Schema(example = "ai") String slug,
        @Schema(example = "technology", description = "The parent category's slug; absent for a top-level category") String parent,
        Names name,
        @Schema(description = "Subcategories (in the tree only)") List<Category> children) {

    @Schema(description = "The category's name in each supported language")
    public record Names(@Schema(example = "Artificial intelligence") String en,
            @Schema(example = "Искусственный интеллект") String ru,
            @Schema(example = "Штучний інтелект") String uk) {
    }

    Category withChildren(List<Category> subcategories) {
        return new Category(slug, parent, name, subcategories);
    }
}
