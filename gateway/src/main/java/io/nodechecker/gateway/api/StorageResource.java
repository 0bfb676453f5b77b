package io.nodechecker.gateway.api;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.cluster.LocalStorage;
import io.nodechecker.cluster.StorageRecovery;
import io.nodechecker.cluster.StorageShutdown;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;


/** {@code /api/storage}: what this gateway holds of the cluster's stored data, and the cluster's orderly shutdown. */
@Path("/api/storage")
@Blocking
public class StorageResource {

    private static final Logger LOG = Logger.getLogger(StorageResource.class);

    private final ClusterNode node;
    private final GatewayConfig config;

    StorageResource(ClusterNode node, GatewayConfig config) {
        this.node = node;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What this member holds of each stored cache, in heap and in all (heap and disk)")
    public LocalStorage.Report storage() {
        return LocalStorage.of(node);
    }

    /**
     * Lets the stored caches go on with the members present when members are missing since a restart and
     * entries could be lost: Infinispan starts each waiting cache over, empty. A cache that serves is left alone.
     */
    @POST
    @Path("/accept-loss")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Go on without the storage members missing since a restart: the caches that wait for them start over empty")
    @APIResponse(responseCode = "200", description = "the stored caches' state afterwards")
    public StorageRecovery.Status acceptLoss() {
        LOG.warn("an operator accepted the loss: the caches waiting for missing storage members start over empty");
        return node.recovery().acceptLoss();
    }

    /**
     * Stops the stored caches on every member at once, each writing the same layout of who owns what
     * to its data directory; a cluster started again from those directories waits for every one of
     * them and serves all it held. Members that merely die leave no such layout (see docs/CLUSTER.md).
     */
    @POST
    @Path("/shutdown")
    @Operation(summary = "Shut the cluster's storage down in order, before stopping every process")
    @APIResponse(responseCode = "204", description = "every member stopped its stored caches")
    public Response shutdown() {
        LOG.info("shutting the cluster's stored caches down on every member");
        StorageShutdown.run(node, config.cluster().storageShutdownTimeout());
        return Response.noContent().build();
    }
}
