package dev.dnevnik.common.security;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import dev.dnevnik.common.problem.ProblemException;
import dev.dnevnik.common.problem.ProblemType;

/**
 * The authenticated caller, read from the verified JWT: {@code sub} is the user's UUID, the {@code admin} group marks
 * operators. Resources ask for {@link #id()} first thing, and pass the id down: ownership is enforced in queries.
 */
@RequestScoped
public class CurrentUser {

    public static final String ADMIN_GROUP = "admin";
    public static final String MDC_KEY = "userId";

    private static final Pattern CANONICAL_UUID = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final JsonWebToken token;
    private UUID id;

    public CurrentUser(JsonWebToken token) {
        this.token = token;
    }

    /** The caller's user id; a token whose subject is not a user id is treated as no valid token. */
    public UUID id() {
        if (id == null) {
            id = parse(token.getSubject());
            // user id on every later log line of this request
            MDC.put(MDC_KEY, id.toString());
        }
        return id;
    }

    public boolean isAdmin() {
        return token.getGroups() != null && token.getGroups().contains(ADMIN_GROUP);
    }

    /** The raw bearer token, for calls made on the user's behalf to other services. */
    public String rawToken() {
        return token.getRawToken();
    }

    /** The user id a token subject names; anything but a canonical UUID is refused as not a valid token (401). */
    public static UUID parse(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The token has no subject");
        }
        // UUID.fromString alone accepts shortened forms like "1-2-3-4-5"
        if (!CANONICAL_UUID.matcher(subject).matches()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The token subject is not a user id");
        }
        return UUID.fromString(subject);
    }
}
