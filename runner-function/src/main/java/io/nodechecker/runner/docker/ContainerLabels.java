package io.nodechecker.runner.docker;

import io.nodechecker.runner.config.RunnerConfig;

import java.util.Map;

/**
 * The labels every job container and job network carries: its runner, its job and its cluster, so that
 * a janitor finds what belongs to its own cluster and to no live job.
 */
public final class ContainerLabels {

    private ContainerLabels() {
    }

    public static Map<String, String> of(RunnerConfig config, String runnerId, String jobId) {
        String runner = config.docker().label();
        return Map.of(runner, runnerId, runner + ".job", jobId, clusterKey(config), cluster(config));
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
