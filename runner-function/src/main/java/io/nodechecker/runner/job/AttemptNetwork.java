package io.nodechecker.runner.job;

import io.nodechecker.model.Job;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.docker.ContainerNetwork;
import io.nodechecker.runner.docker.EgressProxy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The network an attempt gets: what its job asked for, capped by the runner's {@code limits.max-network}.
 * Installing reaches the registry through the runner's egress proxy only; {@code full} is the engine's
 * bridge; {@code none} is no network at all.
 */
@ApplicationScoped
class AttemptNetwork {

    private final RunnerConfig config;
    private final EgressProxy egress;

    AttemptNetwork(RunnerConfig config, EgressProxy egress) {
        this.config = config;
        this.egress = egress;
    }

    /** The job's network policy under this runner's cap. */
    NetworkPolicy policyFor(Job job) {
        NetworkPolicy cap = NetworkPolicy.parse(config.limits().maxNetwork());
        return job.network().atMost(cap == null ? NetworkPolicy.NONE : cap);
    }

    /** The container network for {@code policy}: for install-only, a network to the proxy that this attempt has to itself. */
    ContainerNetwork containerFor(NetworkPolicy policy) {
        return switch (policy) {
            case NONE -> ContainerNetwork.NONE;
            case INSTALL_ONLY -> egress.open();
            case FULL -> ContainerNetwork.BRIDGE;
        };
    }
}
