package io.nodechecker.cluster.store;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.registry.RunnerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The typed stores over the cluster's caches, for any app that produces its {@link ClusterNode}. */
@ApplicationScoped
class StoreProducer {

    @Produces
    @ApplicationScoped
    JobStore jobStore(ClusterNode node) {
        return new JobStore(node);
    }

    @Produces
    @ApplicationScoped
    OutputLog outputLog(ClusterNode node) {
        return new OutputLog(node);
    }

    @Produces
    @ApplicationScoped
    RunnerRegistry runnerRegistry(ClusterNode node) {
        return new RunnerRegistry(node);
    }

    @Produces
    @ApplicationScoped
    Tarballs tarballs(ClusterNode node) {
        return new Tarballs(node);
    }

    @Produces
    @ApplicationScoped
    BatchStore batchStore(ClusterNode node) {
        return new BatchStore(node);
    }

    @Produces
    @ApplicationScoped
    ExperimentStore experimentStore(ClusterNode node) {
        return new ExperimentStore(node);
    }

    @Produces
    @ApplicationScoped
    Deliveries deliveries(ClusterNode node) {
        return new Deliveries(node);
    }

    @Produces
    @ApplicationScoped
    WatchStore watchStore(ClusterNode node) {
        return new WatchStore(node);
    }

    @Produces
    @ApplicationScoped
    FollowState followState(ClusterNode node) {
        return new FollowState(node);
    }

    @Produces
    @ApplicationScoped
    RateLimits rateLimits(ClusterNode node) {
        return new RateLimits(node);
    }
}
