package dev.dnevnik.common.problem;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Adds the problem+json schema and the standard problem responses to a service's OpenAPI document, so resources
 * reference them by name ({@code @APIResponse(responseCode = "404", ref = "NotFound")}) instead of repeating them.
 * Enabled per service with {@code mp.openapi.model.reader=dev.dnevnik.common.problem.ProblemOpenApi}.
 */
public class ProblemOpenApi implements OASModelReader {

    private static final Map<String, String> RESPONSES = Map.ofEntries(
            Map.entry("BadRequest", "Invalid input; `errors` lists every invalid field"),
            Map.entry("Unauthorized", "No valid bearer token"),
            Map.entry("Forbidden", "Authenticated, but not allowed"),
            Map.entry("NotFound", "No such resource of yours"),
            Map.entry("Conflict", "Conflicts with the current state, e.g. an Idempotency-Key still in progress"),
            Map.entry("PreconditionFailed", "If-Match names a version that is no longer current"),
            Map.entry("PayloadTooLarge", "The request body is over the size limit"),
            Map.entry("UnprocessableContent", "An Idempotency-Key reused with a different request"),
            Map.entry("PreconditionRequired", "The request must be conditional (If-Match)"),
            Map.entry("TooManyRequests", "Rate limit exceeded; see Retry-After"),
            Map.entry("ServiceUnavailable", "A dependency is unavailable; see Retry-After"));

    @Override
    public OpenAPI buildModel() {
        var components = OASFactory.createComponents().addSchema("Problem", problemSchema());
        RESPONSES.forEach((name, description) -> {
            var media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"));
            if (name.equals("BadRequest")) {
                media.addExample("invalid fields", OASFactory.createExample().value(Map.of(
                        "type", ProblemType.VALIDATION.uri(), "title", ProblemType.VALIDATION.title(), "status", 400,
                        "detail", "2 fields are invalid", "instance", "/things",
                        "requestId", "5f1c0e9e-1d1b-4f6a-9b7e-2b7f0b6d2a51",
                        "errors", java.util.List.of(Map.of("field", "name", "message", "must not be blank"),
                                Map.of("field", "tags[2]", "message", "size must be between 0 and 40")))));
            }
            components.addResponse(name, OASFactory.createAPIResponse().description(description)
                    .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media)));
        });
        return OASFactory.createOpenAPI().components(components);
    }

    private static Schema problemSchema() {
        Schema violation = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text("The invalid field: a JSON path such as tags[2], or a parameter name"))
                .addProperty("message", text("What is wrong with it"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .addProperty("type", text("Stable URI of the problem kind, e.g. https://dnevnik.dev/problems/not-found"))
                .addProperty("title", text("Short summary of the problem kind"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text("Explanation of this occurrence"))
                .addProperty("instance", text("The request path"))
                .addProperty("requestId", text("The X-Request-Id of the request, to find its log lines"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(violation));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
