package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An RFC 9457 problem body ({@code application/problem+json}): what was wrong with a request.
 *
 * @param errors one entry per invalid field, when the problem is invalid input
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The same problem about {@code instance}, the path that was asked for. */
    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    /** One field that failed validation, and why. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
