package dev.aurelis.configuration;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A switch for something Aurelis always does (row-level tenant isolation, role checks, metering every exchange):
 * {@code true} or left out states what happens; {@code false} cannot be honoured, so it stops the load with
 * {@link #value()} as the reason instead of being silently ignored. Acting through validation, such a setting needs
 * no {@link NotYetEnforced} marker.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
@Constraint(validatedBy = AlwaysOn.Check.class)
public @interface AlwaysOn {

    /** What Aurelis always does, completing "cannot be switched off: ...". */
    String value();

    String message() default "cannot be switched off: {value}; set it to true or leave it out";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Accepts true and left out, refuses false. */
    class Check implements ConstraintValidator<AlwaysOn, Boolean> {

        @Override
        public boolean isValid(Boolean value, ConstraintValidatorContext context) {
            return value == null || value;
        }
    }
}
