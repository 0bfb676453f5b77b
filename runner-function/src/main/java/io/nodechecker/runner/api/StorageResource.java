package io.nodechecker.runner.api;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.LocalStorage;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/storage}: what this runner holds of the cluster's stored data — nothing, by design. */
@Path("/api/storage")
@Blocking
public class StorageResource {

    private final ClusterNode node;

    StorageResource(ClusterNode node) {
        this.node = node;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public LocalStorage.Report storage() {
        return LocalStorage.of(node);
    }
}
