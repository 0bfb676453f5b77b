package io.nodechecker.gateway.api;

import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.model.RunnerInfo;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code GET /api/runners}: the replicated registry as this gateway sees it. */
@Path("/api/runners")
@Blocking
public class RunnersResource {

    private final RunnerRegistry registry;

    RunnersResource(RunnerRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<RunnerInfo> runners() {
        return registry.all();
    }
}
