package io.nodechecker.model.constraint;

import jakarta.validation.ConstraintValidatorContext;

/** Reports a problem that a check worded itself (npm's rules name what is wrong) as the violation's message. */
final class Violations {

    private Violations() {
    }

    /** False when {@code problem} is set, with {@code problem} as the only violation; true otherwise. */
    static boolean report(ConstraintValidatorContext context, String problem) {
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // A message is a template: braces, dollar signs and backslashes in it would be interpolated.
        context.buildConstraintViolationWithTemplate(problem.replaceAll("([\\\\{}$])", "\\\\$1"))
                .addConstraintViolation();
        return false;
    }
}
