package io.nodechecker.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.nodechecker.model.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal leaves as {@code application/problem+json} that says what was wrong. */
class ProblemMappers {

    @ServerExceptionMapper
    Response api(ApiException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String detail = e.getOriginalMessage() == null ? "the body is not valid JSON" : e.getOriginalMessage();
        return respond(Problem.of(400, "Malformed JSON", detail), uri);
    }

    // Quarkus maps this subtype itself, without a problem body, unless it is named here.
    @ServerExceptionMapper
    Response wrongShape(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().isEmpty() ? "the body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        String expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
        return respond(Problem.of(400, "Malformed JSON", field + " must be of type " + expected), uri);
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return Problems.response(problem, uri.getPath()).build();
    }
}
