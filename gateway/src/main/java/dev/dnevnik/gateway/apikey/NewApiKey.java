package dev.dnevnik.gateway.apikey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A key to create")
public record NewApiKey(
        @Schema(description = "What the key is for", examples = "nightly export script", required = true)
        @NotBlank @Size(max = 100) String name) {
}
