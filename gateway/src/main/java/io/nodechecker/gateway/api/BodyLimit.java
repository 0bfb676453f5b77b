package io.nodechecker.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        Problem problem = new Problem("about:blank", "Body too large", 413,
                "the request body is larger than this gateway accepts (tarballs up to " + config.maxTarballBytes()
                        + " bytes)", rc.normalizedPath(), null);
        try {
            rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }
}
