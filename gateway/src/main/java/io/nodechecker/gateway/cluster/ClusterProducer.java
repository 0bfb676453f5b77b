package io.nodechecker.gateway.cluster;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The gateway's membership of the cluster, named after its HTTP port. */
@ApplicationScoped
class ClusterProducer {

    @Produces
    @ApplicationScoped
    ClusterNode clusterNode(GatewayConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        return new ClusterNode(config.cluster(), "gateway-" + port + "-" + ProcessHandle.current().pid(),
                ClusterNode.Role.STORAGE);
    }

    void close(@Disposes ClusterNode node) {
        node.close();
    }
}
