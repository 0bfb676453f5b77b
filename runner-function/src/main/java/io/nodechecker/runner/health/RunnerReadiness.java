package io.nodechecker.runner.health;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.runner.docker.EngineWatch;
import io.nodechecker.runner.registry.RunnerAnnouncer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means this runner can run a job now: it has joined its cluster, its Docker engine answers,
 * and it has at least one Node image and the egress proxy's image. Each is reported with why not, in {@code /q/health/ready}; the
 * registry says the same ({@code unready} in {@code GET /api/runners}), and gateways send it no work.
 */
@Readiness
@ApplicationScoped
public class RunnerReadiness implements HealthCheck {

    private final ClusterNode cluster;
    private final EngineWatch engine;
    private final RunnerAnnouncer announcer;

    RunnerReadiness(ClusterNode cluster, EngineWatch engine, RunnerAnnouncer announcer) {
        this.cluster = cluster;
        this.engine = engine;
        this.announcer = announcer;
    }

    @Override
    public HealthCheckResponse call() {
        boolean joined = cluster.manager().getStatus().allowInvocations();
        int members = joined ? cluster.manager().getMembers().size() : 0;
        String engineProblem = engine.problem();
        String unready = announcer.unready();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("runner")
                .withData("cluster", joined ? "joined, " + members + " members" : "not joined")
                .withData("docker", engineProblem == null ? "answers" : engineProblem);
        if (unready != null && engineProblem == null) {
            response.withData("images", unready);
        }
        return response.status(joined && unready == null).build();
    }
}
