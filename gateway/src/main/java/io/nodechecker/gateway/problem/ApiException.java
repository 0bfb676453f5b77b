package io.nodechecker.gateway.problem;

import io.nodechecker.model.Problem;

import java.util.List;

/** A request the gateway refuses, with the problem body that says why. */
public class ApiException extends RuntimeException {

    private final transient Problem problem;

    public ApiException(int status, String title, String detail) {
        this(new Problem("about:blank", title, status, detail, null, null));
    }

    public ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new ApiException(new Problem("about:blank", "Invalid job request", 400, detail, null, errors));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }

    public Problem problem() {
        return problem;
    }
}
