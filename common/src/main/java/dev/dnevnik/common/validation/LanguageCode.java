package dev.dnevnik.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * An ISO 639-1 language code, lowercase ({@code ru}, {@code uk}, {@code en}): the one definition behind JSON fields
 * (this constraint) and form or query parameters ({@link dev.dnevnik.common.problem.FieldErrors#languageCode}).
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = LanguageCode.PATTERN)
@ReportAsSingleViolation
@Target({ FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Retention(RUNTIME)
public @interface LanguageCode {

    String PATTERN = "[a-z]{2}";
    String MESSAGE = "must be an ISO 639-1 code such as ru, uk or en";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
