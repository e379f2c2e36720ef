package dev.dnevnik.news.subscription;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.dnevnik.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/subscriptions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions", description = "The categories the caller follows")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class SubscriptionResource {

    private final SubscriptionService subscriptions;
    private final CurrentUser currentUser;

    public SubscriptionResource(SubscriptionService subscriptions, CurrentUser currentUser) {
        this.subscriptions = subscriptions;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(operationId = "listSubscriptions", summary = "Every category, flagged when subscribed")
    public Uni<List<SubscriptionView>> list() {
        return subscriptions.list(currentUser.id());
    }

    @PUT
    @Path("{category}")
    @Operation(operationId = "subscribe", summary = "Subscribe to a category",
            description = "Idempotent: subscribing again changes nothing. A category includes its subcategories.")
    @APIResponse(responseCode = "200", description = "Subscribed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<SubscriptionView> subscribe(@PathParam("category") String category) {
        return subscriptions.subscribe(currentUser.id(), category);
    }

    @DELETE
    @Path("{category}")
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe from a category",
            description = "Idempotent: unsubscribing from a category not followed changes nothing.")
    @APIResponse(responseCode = "204", description = "Not subscribed (any more)")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> unsubscribe(@PathParam("category") String category) {
        return subscriptions.unsubscribe(currentUser.id(), category).replaceWith(RestResponse.noContent());
    }
}
