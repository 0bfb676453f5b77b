package io.nodechecker.model.constraint;

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
 * A name that can name a package of the registry ({@link PackageNames#publishedNameProblem}: old packages keep
 * their capitals). Required: null is a violation, since no request names a package by leaving it out.
 */
@Documented
@Constraint(validatedBy = NpmName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NpmName {

    String message() default "not a package name npm accepts";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NpmName, String> {
        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            return Violations.report(context, PackageNames.publishedNameProblem(name));
        }
    }
}
