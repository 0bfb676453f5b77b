package io.nodechecker.gateway.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem bodies for what the HTTP layer would refuse bare: a body declared larger than
 * {@code quarkus.http.limits.max-body-size} is refused before it is read, with a 413 that says so.
 */
@ApplicationScoped
class BodyLimit {

    private final ObjectMapper mapper;
    private final GatewayConfig config;
    private final long maxBodyBytes;

    BodyLimit(ObjectMapper mapper, GatewayConfig config,
              @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.mapper = mapper;
        this.config = config;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-300).handler(this::check);
    }

    private void check(RoutingContext rc) {
        String declared = rc.request().getHeader("Content-Length");
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= maxBodyBytes) {
            rc.next();
            return;
        }
        rc.response().putHeader("Connection", "close");
        Problems.send(rc, Problem.of(413, "Body too large", "the request body is larger than this gateway accepts"
                + " (tarballs up to " + config.maxTarballBytes() + " bytes)"), mapper);
    }
}
