package dev.dnevnik.diary.entry;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of entries, newest entry date first. */
@RegisterForReflection
@Schema(description = "A page of entries, newest entry date first")
public record EntryPage(
        List<EntryView> items,
        @Schema(description = "Opaque cursor for the next page; absent on the last page") String nextCursor,
        @Schema(description = "Relative link to the next page with the same filters; absent on the last page")
        String next) {
}
