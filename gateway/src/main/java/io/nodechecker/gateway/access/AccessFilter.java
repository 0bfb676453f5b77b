package io.nodechecker.gateway.access;

import io.nodechecker.gateway.api.Problems;
import io.nodechecker.model.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/** Applies the {@link AccessPolicy} to every REST request under {@code /api}. */
class AccessFilter {

    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");

    private final AccessPolicy policy;

    AccessFilter(AccessPolicy policy) {
        this.policy = policy;
    }

    @ServerRequestFilter(preMatching = true)
    Response check(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        // Hook deliveries carry their own proof: npm's signature of the body.
        if (!path.startsWith("/api/") || path.startsWith("/api/hooks/")) {
            return null;
        }
        boolean writes = !READING.contains(request.getMethod());
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        Problem problem = policy.check(writes, request.getHeaderString(HttpHeaders.AUTHORIZATION), address);
        if (problem == null) {
            return null;
        }
        Response.ResponseBuilder response = Problems.response(problem, request.getUriInfo().getPath());
        if (problem.status() == 429) {
            response.header("Retry-After", "60");
        }
        if (problem.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }
}
