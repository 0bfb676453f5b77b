package io.nodechecker.runner.cluster;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.registry.RunnerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The runner's membership of the cluster, named after the runner: a compute member that owns no stored data. */
@ApplicationScoped
class ClusterProducer {

    @Produces
    @ApplicationScoped
    ClusterNode clusterNode(RunnerConfig config, RunnerIdentity identity) {
        return new ClusterNode(config.cluster(), identity.id(), ClusterNode.Role.COMPUTE);
    }

    void close(@Disposes ClusterNode node) {
        node.close();
    }
}
