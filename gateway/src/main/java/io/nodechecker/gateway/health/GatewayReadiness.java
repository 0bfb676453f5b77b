package io.nodechecker.gateway.health;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.cluster.StorageRecovery;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.npm.NpmRegistry;
import io.nodechecker.model.RunnerInfo;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.List;

/**
 * Ready means this gateway has joined its cluster and its stored caches serve (not ready while they wait
 * for storage members missing since a restart, with what to do about it). What it reports besides, without
 * going down for it: the npm registry as its last lookup found it ("degraded" when that lookup could not ask it:
 * jobs by name are refused with 503 until it answers, uploads still work), and how many live runners
 * are ready to take work.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    private final ClusterNode cluster;
    private final NpmRegistry npm;
    private final RunnerRegistry runners;
    private final GatewayConfig config;

    GatewayReadiness(ClusterNode cluster, NpmRegistry npm, RunnerRegistry runners, GatewayConfig config) {
        this.cluster = cluster;
        this.npm = npm;
        this.runners = runners;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean joined = cluster.manager().getStatus().allowInvocations();
        StorageRecovery.Status storage = cluster.recovery().status();
        String registryProblem = npm.lastProblem();
        List<RunnerInfo> live = joined && storage.serving() ? runners.live(config.cluster().runnerSilence(), Instant.now()) : List.of();
        long ready = live.stream().filter(r -> r.unready() == null && !r.draining()).count();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("gateway")
                .withData("cluster", joined ? "joined, " + cluster.manager().getMembers().size() + " members" : "not joined")
                .withData("registry", registryProblem == null ? "ok" : "degraded: " + registryProblem)
                .withData("runners", ready + " of " + live.size() + " ready")
                .withData("storage", storage.detail());
        return response.status(joined && storage.serving()).build();
    }
}
