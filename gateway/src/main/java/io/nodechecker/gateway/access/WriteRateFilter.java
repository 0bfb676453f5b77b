package io.nodechecker.gateway.access;

import io.nodechecker.cluster.store.RateLimits;
import io.nodechecker.gateway.problem.Problems;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.Principal;
import java.util.Set;

/**
 * At most {@code access.writes-per-minute} creating or cancelling requests per token (per client
 * address without one), counted over every gateway together: a Bucket4j bucket per token fingerprint
 * (never the token) in the cluster's {@code rate-limits} cache. Runs after authentication, so a
 * request it sees was already let through.
 */
class WriteRateFilter {

    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");

    private final RateLimits rates;
    private final int perMinute;

    WriteRateFilter(RateLimits rates, GatewayConfig config) {
        this.rates = rates;
        this.perMinute = config.access().writesPerMinute();
    }

    @ServerRequestFilter(preMatching = true)
    Response check(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (READING.contains(request.getMethod()) || !path.startsWith("/api/") || path.startsWith("/api/hooks/")) {
            return null;
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        String key = principal != null && principal.getName().startsWith("token:") ? principal.getName()
                : "address:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        if (rates.tryTake(key, perMinute)) {
            return null;
        }
        return Problems.response(Problem.of(429, "Too many requests", "more than " + perMinute
                        + " creating or cancelling requests in a minute, counted over every gateway; try again shortly"), path)
                .header("Retry-After", "60").build();
    }
}
