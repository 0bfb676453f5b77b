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

/** An exact semver version or a dist-tag ({@link PackageNames#versionProblem}); null stands for {@code latest}. */
@Documented
@Constraint(validatedBy = NpmVersion.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NpmVersion {

    String message() default "not a version or dist-tag";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NpmVersion, String> {
        @Override
        public boolean isValid(String version, ConstraintValidatorContext context) {
            return version == null || Violations.report(context, PackageNames.versionProblem(version));
        }
    }
}
