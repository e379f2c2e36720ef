package dev.dnevnik.news.category;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/categories")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Categories", description = "The news taxonomy")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class CategoryResource {

    private final Categories categories;

    public CategoryResource(Categories categories) {
        this.categories = categories;
    }

    @GET
    @Operation(operationId = "listCategories", summary = "List the categories",
            description = "Every category with its names in English, Russian and Ukrainian, as a flat list and as a "
                    + "tree. A filter or subscription on a category includes its subcategories.")
    public Uni<CategoryList> list() {
        return categories.list();
    }
}
