package dev.dnevnik.common.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by services for an expected failure that must reach the client as a specific problem. It carries no stack
 * trace: it is a normal outcome, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final String typeUri;
    private final String title;
    private final int status;
    private final List<Problem.FieldViolation> violations;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type.uri(), type.title(), type.status(), detail, null, Map.of());
    }

    private ProblemException(String typeUri, String title, int status, String detail,
            List<Problem.FieldViolation> violations, Map<String, String> headers) {
        super(detail, null, false, false);
        this.typeUri = typeUri;
        this.title = title;
        this.status = status;
        this.violations = violations;
        this.headers = headers;
    }

    /** A service-specific problem type, e.g. {@code transcription/provider-rejected}, under the common base URI. */
    public static ProblemException of(String slug, String title, int status, String detail) {
        return new ProblemException(ProblemType.BASE_URI + slug, title, status, detail, null, Map.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException validation(String field, String message) {
        return validation(List.of(new Problem.FieldViolation(field, message)));
    }

    public static ProblemException validation(List<Problem.FieldViolation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).field() + " " + violations.get(0).message()
                : violations.size() + " fields are invalid";
        return new ProblemException(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail,
                List.copyOf(violations), Map.of());
    }

    /** The same problem with an extra response header, e.g. {@code Retry-After}. */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ProblemException(typeUri, title, status, getMessage(), violations, Map.copyOf(copy));
    }

    public String typeUri() {
        return typeUri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldViolation> violations() {
        return violations;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
