package io.nodechecker.model.constraint;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Node line as runners name their images: a major version ({@code 22}, never {@code v22} or {@code 22.1.0}), or a
 * candidate build an operator made on a runner's engine, its major and a name ({@code 26-rc}).
 */
@Documented
@Pattern(regexp = NodeMajor.PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NodeMajor {

    /** Anchored, so that the API description's JSON Schema (which matches anywhere) means the same. */
    String PATTERN = "^[1-9][0-9]?(-[a-z0-9][a-z0-9.]{0,19})?$";

    String message() default "must be a Node major version such as 22, or a candidate build such as 26-rc";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
