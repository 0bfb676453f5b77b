package io.nodechecker.runner.docker;

import java.util.List;

/**
 * The network a job container starts on, the environment that goes with it (the proxy to use), and
 * what to undo once the container is gone.
 *
 * @param mode    Docker's network mode: {@code none}, {@code bridge} or a network's name
 * @param env     variables ({@code NAME=value}) the container gets for this network
 * @param release runs after the container is removed
 */
public record ContainerNetwork(String mode, List<String> env, Runnable release) {

    /** No network at all. */
    public static final ContainerNetwork NONE = new ContainerNetwork("none", List.of(), () -> { });

    /** Docker's default bridge: whatever the engine's host can reach. Only for {@code full}, which an operator allows. */
    public static final ContainerNetwork BRIDGE = new ContainerNetwork("bridge", List.of(), () -> { });
}
