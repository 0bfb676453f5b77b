package io.nodechecker.gateway.cluster;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.RequiredSecret;
import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The gateway's membership of the cluster, named after its HTTP port; outside dev mode only with its secrets. */
@ApplicationScoped
class ClusterProducer {

    @Produces
    @ApplicationScoped
    ClusterNode clusterNode(GatewayConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        RequiredSecret.require(config.cluster().secret(), "nodechecker.gateway.cluster.secret",
                "the cluster's traffic would be neither authenticated nor encrypted");
        RequiredSecret.require(config.dispatch().runnerSecret(), "nodechecker.gateway.dispatch.runner-secret",
                "runners that require one would refuse this gateway's jobs");
        return new ClusterNode(config.cluster(), "gateway-" + port + "-" + ProcessHandle.current().pid(),
                ClusterNode.Role.STORAGE);
    }

    void close(@Disposes ClusterNode node) {
        node.close();
    }
}
