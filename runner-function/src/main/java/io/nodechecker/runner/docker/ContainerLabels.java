package io.nodechecker.runner.docker;

import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.identity.RunnerIdentity;

import java.util.Map;

/**
 * The labels every job container and job network carries: its runner (by id, and as a process), its job and
 * its cluster, so that a janitor finds what belongs to its own cluster and to no live job.
 */
public final class ContainerLabels {

    private ContainerLabels() {
    }

    public static Map<String, String> of(RunnerConfig config, RunnerIdentity runner, String jobId) {
        String label = config.docker().label();
        return Map.of(label, runner.id(), label + ".job", jobId, processKey(config),
                RunnerProcess.current(runner.host()).label(), clusterKey(config), cluster(config));
    }

    /** The runner process that made it ({@link RunnerProcess}). */
    static String processKey(RunnerConfig config) {
        return config.docker().label() + ".process";
    }

    /** Marks a runner's egress proxy container (its value is {@code proxy}). */
    static String egressKey(RunnerConfig config) {
        return config.docker().label() + ".egress";
    }

    static String clusterKey(RunnerConfig config) {
        return config.docker().label() + ".cluster";
    }

    static String cluster(RunnerConfig config) {
        return config.cluster().name();
    }
}
