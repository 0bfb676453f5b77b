package io.nodechecker.runner.cluster;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.RequiredSecret;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.identity.RunnerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/**
 * The runner's membership of the cluster, named after the runner: a compute member that owns no stored data,
 * outside dev mode only with its secrets.
 */
@ApplicationScoped
class ClusterProducer {

    @Produces
    @ApplicationScoped
    ClusterNode clusterNode(RunnerConfig config, RunnerIdentity identity) {
        RequiredSecret.require(config.cluster().secret(), "nodechecker.runner.cluster.secret",
                "the cluster's traffic would be neither authenticated nor encrypted");
        RequiredSecret.require(config.secret(), "nodechecker.runner.secret",
                "this runner would take work from anyone who can reach it");
        return new ClusterNode(config.cluster(), identity.id(), ClusterNode.Role.COMPUTE);
    }

    void close(@Disposes ClusterNode node) {
        node.close();
    }
}
