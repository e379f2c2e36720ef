package dev.dnevnik.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Field names in problems are the client's names (JSON paths, parameter names), never Java internals. */
class ProblemMappersFieldNameTest {

    record Item(@NotBlank String name) {
    }

    record Body(@Size(max = 3) String title, List<@Size(max = 2) String> tags, List<@Valid Item> items) {
    }

    static class Resource {
        public void create(@Valid Body body) {
        }

        public void list(@Max(100) int limit) {
        }
    }

    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void namesBodyFieldsListElementsAndNestedFieldsLikeJsonPaths() throws Exception {
        Body body = new Body("toolong", List.of("ok", "long"), List.of(new Item("fine"), new Item(" ")));
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables().validateParameters(new Resource(),
                Resource.class.getMethod("create", Body.class), new Object[] { body });

        assertEquals(Set.of("title", "tags[1]", "items[1].name"), names(violations));
    }

    @Test
    void namesAQueryParameterByItsName() throws Exception {
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables().validateParameters(new Resource(),
                Resource.class.getMethod("list", int.class), new Object[] { 500 });

        assertEquals(Set.of("limit"), names(violations));
    }

    private static Set<String> names(Set<? extends ConstraintViolation<?>> violations) {
        Set<String> names = new TreeSet<>();
        violations.forEach(v -> names.add(ProblemMappers.fieldName(v.getPropertyPath())));
        return names;
    }
}
