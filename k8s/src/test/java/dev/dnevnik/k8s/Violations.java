package dev.dnevnik.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One rule checked over many subjects (objects, containers, alerts): every violation is collected, so that a failing
 * test lists all of them at once, and a rule that found nothing to check fails too (a check that cannot fail is a
 * defect, e.g. after a rename that no object matches any more).
 */
public final class Violations {

    private final String rule;
    private final Set<String> subjects = new LinkedHashSet<>();
    private final List<String> violations = new ArrayList<>();

    public Violations(String rule) {
        this.rule = rule;
    }

    /** Records that {@code subject} was checked; {@code ok} false makes it a violation, explained by {@code why}. */
    public boolean check(String subject, boolean ok, String why) {
        subjects.add(subject);
        if (!ok) {
            violations.add(subject + (why == null || why.isEmpty() ? "" : " (" + why + ")"));
        }
        return ok;
    }

    public boolean check(String subject, boolean ok) {
        return check(subject, ok, "");
    }

    /** Fails the test with every violation, or when not a single subject was checked. */
    public void assertNone() {
        assertTrue(!subjects.isEmpty(), () -> rule + ": nothing was checked (no subject matched the rule)");
        if (!violations.isEmpty()) {
            fail(rule + ": " + violations.size() + " of " + subjects.size() + " violate it:\n  - "
                    + String.join("\n  - ", violations));
        }
    }
}
