package dev.dnevnik.k8s.manifests;

import dev.dnevnik.k8s.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The largest request body the gateway's route table accepts, evaluated from Route.java's own source (its
 * {@code static final long} constants and every {@code bodyUpTo(...)}), so the Ingress follows the code, not a copy.
 */
final class GatewayRoutes {

    private static final String ROUTE_JAVA = "gateway/src/main/java/dev/dnevnik/gateway/routing/Route.java";
    private static final Pattern CONSTANT = Pattern.compile("static final long (\\w+) = ([^;]+);");
    private static final Pattern BODY_UP_TO = Pattern.compile("bodyUpTo\\(([^)]*(?:\\([^)]*\\))?[^)]*)\\)");

    private GatewayRoutes() {
    }

    static long largestBody() {
        String source;
        try {
            source = Files.readString(Repository.root().resolve(ROUTE_JAVA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> constants = new HashMap<>();
        for (Matcher m = CONSTANT.matcher(source); m.find(); ) {
            constants.put(m.group(1), evaluate(m.group(2), constants));
        }
        List<Long> sizes = new ArrayList<>();
        sizes.add(constants.getOrDefault("DEFAULT_MAX_BODY", 0L));
        for (Matcher m = BODY_UP_TO.matcher(source); m.find(); ) {
            if (!m.group(1).strip().equals("long bytes")) {      // the method's own declaration
                sizes.add(evaluate(m.group(1), constants));
            }
        }
        return sizes.stream().max(Long::compare).orElseThrow();
    }

    /** A sum of products of numbers, constants and parenthesised sums: all Route.java's sizes are written so. */
    static long evaluate(String expression, Map<String, Long> constants) {
        if (!expression.matches("[\\w\\s*+()]+")) {
            throw new IllegalArgumentException("unexpected expression in Route.java: " + expression);
        }
        return new Object() {
            private final Matcher token = Pattern.compile("\\s*(\\d+|\\w+|[*+()])").matcher(expression);
            private String current = next();

            private String next() {
                return token.lookingAt() ? consume() : null;
            }

            private String consume() {
                String text = token.group(1);
                token.region(token.end(), expression.length());
                return text;
            }

            long sum() {
                long value = product();
                while ("+".equals(current)) {
                    current = next();
                    value += product();
                }
                return value;
            }

            long product() {
                long value = factor();
                while ("*".equals(current)) {
                    current = next();
                    value *= factor();
                }
                return value;
            }

            long factor() {
                String text = current;
                current = next();
                if ("(".equals(text)) {
                    long value = sum();
                    current = next();       // ")"
                    return value;
                }
                if (text != null && text.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(text);
                }
                Long constant = constants.get(text);
                if (constant == null) {
                    throw new IllegalArgumentException("unknown constant " + text + " in Route.java: " + expression);
                }
                return constant;
            }

            long all() {
                long value = sum();
                if (current != null || !expression.substring(token.regionStart()).isBlank()) {
                    throw new IllegalArgumentException("cannot evaluate " + expression);
                }
                return value;
            }
        }.all();
    }
}
