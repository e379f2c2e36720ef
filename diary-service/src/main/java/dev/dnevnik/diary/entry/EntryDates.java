package dev.dnevnik.diary.entry;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.LocalDate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The days a diary entry may be about: 1900-01-01 to 2100-12-31. Old memories may be written down, but a date like
 * {@code +99999-01-01} is a client's mistake, not a diary day.
 */
final class EntryDates {

    static final LocalDate FIRST = LocalDate.of(1900, 1, 1);
    static final LocalDate LAST = LocalDate.of(2100, 12, 31);
    static final String MESSAGE = "must be between 1900-01-01 and 2100-12-31";

    private EntryDates() {
    }

    /** An entry date within {@link EntryDates#FIRST} and {@link EntryDates#LAST}; absent is fine. */
    @Constraint(validatedBy = InRange.Validator.class)
    @Target({ FIELD, PARAMETER, RECORD_COMPONENT })
    @Retention(RUNTIME)
    @interface InRange {

        String message() default MESSAGE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<InRange, LocalDate> {
            @Override
            public boolean isValid(LocalDate date, ConstraintValidatorContext context) {
                return date == null || (!date.isBefore(FIRST) && !date.isAfter(LAST));
            }
        }
    }
}
