package dev.dnevnik.gateway.dashboard;

import java.time.ZoneId;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.dnevnik.common.problem.FieldErrors;
import dev.dnevnik.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/dashboard")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard", description = "The home screen in one request")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", ref = "Unauthorized")
public class DashboardResource {

    /** Today's zone when the client names none; as an IANA id, because it is sent on to the services as one. */
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private final DashboardService dashboard;
    private final CurrentUser currentUser;

    public DashboardResource(DashboardService dashboard, CurrentUser currentUser) {
        this.dashboard = dashboard;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(operationId = "getDashboard", summary = "The user's dashboard",
            description = "Fetched from the services in parallel. Always 200 within the parts' deadline: a part "
                    + "whose service is down or slow is null and listed under degraded.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Dashboard.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<Dashboard> get(@Parameter(description = "IANA time zone deciding what today is (default UTC)")
    @HeaderParam("Time-Zone") String timeZone) {
        currentUser.id();
        FieldErrors errors = new FieldErrors();
        ZoneId zone = errors.zone("Time-Zone", timeZone, DEFAULT_ZONE);
        errors.throwIfAny();
        return dashboard.load(currentUser.rawToken(), currentUser.isAdmin(), zone);
    }
}
