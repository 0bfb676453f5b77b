package io.nodechecker.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.model.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * The one place problem bodies are written: as a JAX-RS response (resources, exception mappers,
 * request filters) or straight onto a Vert.x route (filters that answer before JAX-RS sees the request).
 * Either way the body names the path it is about and is {@code application/problem+json}.
 */
public final class Problems {

    private Problems() {
    }

    public static Response.ResponseBuilder response(Problem problem, String path) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.at(path));
    }

    public static void send(RoutingContext rc, Problem problem, ObjectMapper mapper) {
        try {
            rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem.at(rc.normalizedPath())));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }
}
