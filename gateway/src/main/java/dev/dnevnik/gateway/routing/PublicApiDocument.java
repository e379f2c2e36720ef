package dev.dnevnik.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;

/**
 * The gateway's OpenAPI document describes the whole public API: the services' own documents are merged in at build
 * time, and this filter moves their paths ({@code /entries}) to where clients call them ({@code /api/entries}) by
 * the route table, so that a route added there is described under its public path too.
 */
public class PublicApiDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI document) {
        Paths paths = document.getPaths();
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> moved = new LinkedHashMap<>();
        paths.getPathItems().forEach((path, item) -> {
            String publicPath = Route.API + path;
            if (!path.startsWith(Route.API + "/") && Route.forPath(publicPath).filter(Route::forwarded).isPresent()) {
                moved.put(path, item);
            }
        });
        moved.forEach((path, item) -> {
            paths.removePathItem(path);
            paths.addPathItem(Route.API + path, item);
        });
    }
}
