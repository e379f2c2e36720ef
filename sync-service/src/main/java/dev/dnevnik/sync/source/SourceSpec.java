package dev.dnevnik.sync.source;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.dnevnik.common.problem.FieldErrors;
import io.vertx.core.json.pointer.JsonPointer;

/**
 * What to mirror and how: as a request body every field but {@code name} and {@code baseUrl} may be left out; as
 * stored and shown, {@link #normalized} has filled in every default. Secrets are named by environment variable, never
 * given: their values are read from the environment when a run starts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A source: an external paginated JSON API to mirror")
public record SourceSpec(
        @Schema(example = "Yelp partner programs") String name,
        @Schema(description = "http(s) origin, optionally with a path prefix", example = "https://partner-api.yelp.com")
        String baseUrl,
        @Schema(example = "/programs/v1") String path,
        @Schema(description = "Extra query parameters sent with every page", example = "{\"program_status\":\"ALL\"}")
        Map<String, String> query,
        Auth auth,
        Pagination pagination,
        @Schema(description = "JSON pointer to the array of items", example = "/payment_programs") String itemsPointer,
        @Schema(description = "JSON pointer to the total number of items (optional for cursor pagination)",
                example = "/total") String totalPointer,
        @Schema(description = "JSON pointer, inside an item, to its id", example = "/program_id") String idPointer,
        @Schema(description = "Page requests in flight at most (1..64)", defaultValue = "16") Integer concurrency,
        @Schema(description = "Longest wait for one page, in ms", defaultValue = "30000") Long requestTimeoutMs,
        @Schema(description = "Longest wait for a connection, in ms", defaultValue = "10000") Long connectTimeoutMs,
        RetrySpec retry,
        @Schema(description = "Apply what an incomplete run fetched (upserts only; never deletes)",
                defaultValue = "false") Boolean upsertOnly,
        @Schema(description = "Run on a schedule: an ISO-8601 interval of at least PT1M; absent for never",
                example = "PT6H") String every) {

    public static final int MAX_CONCURRENCY = 64;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,64}");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "How requests authenticate: secrets by environment-variable name")
    public record Auth(@Schema(enumeration = { "none", "basic", "bearer" }) String type,
            @Schema(example = "YELP_PARTNER_USER") String usernameEnv,
            @Schema(example = "YELP_PARTNER_PASSWORD") String passwordEnv,
            @Schema(example = "PARTNER_TOKEN") String tokenEnv) {

        public static final Auth NONE = new Auth("none", null, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "How pages are asked for")
    public record Pagination(
            @Schema(enumeration = { "offset-limit", "page-size", "cursor" }, defaultValue = "offset-limit") String style,
            @Schema(defaultValue = "20") Integer pageSize,
            @Schema(defaultValue = "offset") String offsetParam,
            @Schema(defaultValue = "limit") String limitParam,
            @Schema(defaultValue = "page") String pageParam,
            @Schema(defaultValue = "size") String sizeParam,
            @Schema(defaultValue = "cursor") String cursorParam,
            @Schema(description = "The number of the first page (page-size)", defaultValue = "1") Integer firstPage,
            @Schema(description = "JSON pointer to the next page's cursor (cursor style)", example = "/next")
            String nextCursorPointer) {
    }

    @Schema(description = "Retries of a page after connect errors, timeouts, 5xx and 429 (Retry-After honoured)")
    public record RetrySpec(@Schema(defaultValue = "4") Integer maxRetries,
            @Schema(defaultValue = "200") Long initialBackoffMs, @Schema(defaultValue = "5000") Long maxBackoffMs) {
    }

    public static final String OFFSET_LIMIT = "offset-limit";
    public static final String PAGE_SIZE = "page-size";
    public static final String CURSOR = "cursor";

    /** Every field checked (all errors at once) and every default filled in. */
    public SourceSpec normalized() {
        FieldErrors errors = new FieldErrors();
        String cleanName = name == null || name.isBlank() ? null : name.strip();
        if (cleanName == null) {
            errors.add("name", "is required");
        } else if (cleanName.length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        String cleanBase = baseUrl(errors);
        String cleanPath = path == null || path.isBlank() ? "" : path.strip();
        if (!cleanPath.isEmpty() && (!cleanPath.startsWith("/") || cleanPath.length() > 500 || cleanPath.contains("?")
                || cleanPath.contains("#") || cleanPath.chars().anyMatch(c -> c <= ' ' || c >= 127))) {
            errors.add("path", "must start with / and hold no query, fragment, spaces or control characters");
        }
        Map<String, String> cleanQuery = new LinkedHashMap<>();
        if (query != null) {
            if (query.size() > 30) {
                errors.add("query", "at most 30 parameters");
            }
            query.forEach((key, value) -> {
                if (key == null || !PARAM_NAME.matcher(key).matches()) {
                    errors.add("query", "parameter names are 1..64 of A-Z a-z 0-9 _ . - [ ]");
                } else if (value == null || value.length() > 500 || value.indexOf('\0') >= 0) {
                    errors.add("query." + key, "must be a text of at most 500 characters");
                } else {
                    cleanQuery.put(key, value);
                }
            });
        }
        Auth cleanAuth = auth(errors);
        Pagination cleanPaging = pagination(errors);
        String items = pointer(errors, "itemsPointer", itemsPointer, "", true);
        String id = pointer(errors, "idPointer", idPointer, null, true);
        boolean cursorStyle = cleanPaging != null && CURSOR.equals(cleanPaging.style());
        String total = pointer(errors, "totalPointer", totalPointer, null, !cursorStyle);
        int cap = concurrency == null ? 16 : concurrency;
        if (cap < 1 || cap > MAX_CONCURRENCY) {
            errors.add("concurrency", "must be between 1 and " + MAX_CONCURRENCY);
        }
        long timeout = millis(errors, "requestTimeoutMs", requestTimeoutMs, 30_000, 100, 300_000);
        long connect = millis(errors, "connectTimeoutMs", connectTimeoutMs, 10_000, 100, 60_000);
        RetrySpec cleanRetry = retry(errors);
        String cleanEvery = every(errors);
        errors.throwIfAny();
        return new SourceSpec(cleanName, cleanBase, cleanPath, cleanQuery, cleanAuth, cleanPaging, items, total, id,
                cap, timeout, connect, cleanRetry, upsertOnly != null && upsertOnly, cleanEvery);
    }

    /** The schedule's interval, or null. */
    public Duration everyDuration() {
        return every == null ? null : Duration.parse(every);
    }

    private String baseUrl(FieldErrors errors) {
        if (baseUrl == null || baseUrl.isBlank()) {
            errors.add("baseUrl", "is required");
            return null;
        }
        String text = baseUrl.strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null || text.length() > 500) {
                errors.add("baseUrl", "must be an http(s) URL with a host and no credentials, query or fragment");
                return null;
            }
        } catch (Exception e) {
            errors.add("baseUrl", "is not a URL");
            return null;
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private Auth auth(FieldErrors errors) {
        if (auth == null || auth.type() == null || auth.type().equals("none")) {
            return Auth.NONE;
        }
        switch (auth.type()) {
            case "basic" -> {
                env(errors, "auth.usernameEnv", auth.usernameEnv());
                env(errors, "auth.passwordEnv", auth.passwordEnv());
                return new Auth("basic", auth.usernameEnv(), auth.passwordEnv(), null);
            }
            case "bearer" -> {
                env(errors, "auth.tokenEnv", auth.tokenEnv());
                return new Auth("bearer", null, null, auth.tokenEnv());
            }
            default -> {
                errors.add("auth.type", "must be none, basic or bearer");
                return null;
            }
        }
    }

    private static void env(FieldErrors errors, String field, String value) {
        if (value == null || !ENV_NAME.matcher(value).matches()) {
            errors.add(field, "must name an environment variable (letters, digits, _; not starting with a digit)");
        }
    }

    private Pagination pagination(FieldErrors errors) {
        Pagination given = pagination == null ? new Pagination(null, null, null, null, null, null, null, null, null)
                : pagination;
        String style = given.style() == null ? OFFSET_LIMIT : given.style();
        if (!style.equals(OFFSET_LIMIT) && !style.equals(PAGE_SIZE) && !style.equals(CURSOR)) {
            errors.add("pagination.style", "must be offset-limit, page-size or cursor");
            return null;
        }
        int size = given.pageSize() == null ? 20 : given.pageSize();
        if (size < 1 || size > 1000) {
            errors.add("pagination.pageSize", "must be between 1 and 1000");
        }
        int first = given.firstPage() == null ? 1 : given.firstPage();
        if (first != 0 && first != 1) {
            errors.add("pagination.firstPage", "must be 0 or 1");
        }
        String next = null;
        if (style.equals(CURSOR)) {
            next = pointer(errors, "pagination.nextCursorPointer", given.nextCursorPointer(), null, true);
        }
        return switch (style) {
            case OFFSET_LIMIT -> new Pagination(style, size, param(errors, "offsetParam", given.offsetParam(), "offset"),
                    param(errors, "limitParam", given.limitParam(), "limit"), null, null, null, null, null);
            case PAGE_SIZE -> new Pagination(style, size, null, null, param(errors, "pageParam", given.pageParam(), "page"),
                    param(errors, "sizeParam", given.sizeParam(), "size"), null, first, null);
            default -> new Pagination(style, size, null, null, null, param(errors, "sizeParam", given.sizeParam(), "limit"),
                    param(errors, "cursorParam", given.cursorParam(), "cursor"), null, next);
        };
    }

    private static String param(FieldErrors errors, String field, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!PARAM_NAME.matcher(value).matches()) {
            errors.add("pagination." + field, "must be 1..64 of A-Z a-z 0-9 _ . - [ ]");
        }
        return value;
    }

    private static String pointer(FieldErrors errors, String field, String value, String fallback, boolean required) {
        if (value == null) {
            if (fallback == null && required) {
                errors.add(field, "is required (a JSON pointer such as /id)");
            }
            return fallback;
        }
        try {
            JsonPointer.from(value);
        } catch (RuntimeException e) {
            errors.add(field, "must be a JSON pointer (RFC 6901), e.g. /items");
            return value;
        }
        if (value.length() > 200) {
            errors.add(field, "must be at most 200 characters");
        }
        return value;
    }

    private static long millis(FieldErrors errors, String field, Long value, long fallback, long min, long max) {
        long chosen = value == null ? fallback : value;
        if (chosen < min || chosen > max) {
            errors.add(field, "must be between " + min + " and " + max);
        }
        return chosen;
    }

    private RetrySpec retry(FieldErrors errors) {
        RetrySpec given = retry == null ? new RetrySpec(null, null, null) : retry;
        int max = given.maxRetries() == null ? 4 : given.maxRetries();
        if (max < 0 || max > 10) {
            errors.add("retry.maxRetries", "must be between 0 and 10");
        }
        long initial = millis(errors, "retry.initialBackoffMs", given.initialBackoffMs(), 200, 1, 60_000);
        long longest = millis(errors, "retry.maxBackoffMs", given.maxBackoffMs(), Math.max(5_000, initial), 1, 300_000);
        if (longest < initial) {
            errors.add("retry.maxBackoffMs", "must not be less than retry.initialBackoffMs");
        }
        return new RetrySpec(max, initial, longest);
    }

    private String every(FieldErrors errors) {
        if (every == null || every.isBlank()) {
            return null;
        }
        try {
            Duration interval = Duration.parse(every.strip());
            if (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(366)) > 0) {
                errors.add("every", "must be between PT1M and P366D");
            }
            return interval.toString();
        } catch (DateTimeParseException e) {
            errors.add("every", "must be an ISO-8601 duration such as PT6H");
            return null;
        }
    }
}
