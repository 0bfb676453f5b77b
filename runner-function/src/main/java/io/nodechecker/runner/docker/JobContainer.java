package io.nodechecker.runner.docker;

import io.nodechecker.runner.output.ChunkSink;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.async.ResultCallback;
import io.nodechecker.runner.config.RunnerConfig;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One job's container: created locked down, kept alive by an idle process, and running each phase
 * as an attached exec so that every phase has its own exit code, time limit and network. Closing it
 * removes the container, whatever happened before.
 */
public final class JobContainer implements Sandbox, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobContainer.class);

    private final DockerClient docker;
    private final String id;
    private final ContainerNetwork network;
    private final long startedAtSeconds = System.currentTimeMillis() / 1000;

    private JobContainer(DockerClient docker, String id, ContainerNetwork network) {
        this.docker = docker;
        this.id = id;
        this.network = network;
    }

    /**
     * Creates and starts a container for one job; it carries {@code labels} so a janitor can find it.
     *
     * @param network the network it starts on; released when the container is closed, or here if it cannot be created
     */
    public static JobContainer start(DockerClient docker, RunnerConfig config, String image,
                                     Map<String, String> labels, ContainerNetwork network) {
        String id;
        try {
            id = docker.createContainerCmd(image)
                    .withUser(ContainerLimits.USER)
                    .withWorkingDir(ContainerLimits.WORK_DIR)
                    .withEnv(ContainerLimits.env(config.npm(), network.env()))
                    .withLabels(labels)
                    .withHostConfig(ContainerLimits.hostConfig(config.limits(), config.npm(), network.mode()))
                    // Idles until removed; the phases run beside it as execs.
                    .withCmd("sleep", "2147483647")
                    .exec().getId();
        } catch (RuntimeException e) {
            network.release().run();
            throw e;
        }
        JobContainer container = new JobContainer(docker, id, network);
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        return container;
    }

    public String id() {
        return id;
    }

    @Override
    public String imageId() {
        return docker.inspectContainerCmd(id).exec().getImageId();
    }

    /**
     * Runs {@code command} in the container and streams its output to {@code sink}, waiting at most
     * {@code limit}. Past the limit the whole container is killed: nothing of the job may outlive it.
     *
     * @param env   extra environment variables ({@code NAME=value}) of the command
     * @param stdin bytes for the command's standard input, or {@code null}
     */
    @Override
    public ExecResult exec(List<String> command, List<String> env, String workDir, InputStream stdin, Duration limit,
                           ChunkSink sink) throws InterruptedException {
        ExecCreateCmdResponse exec = docker.execCreateCmd(id)
                .withCmd(command.toArray(String[]::new))
                .withEnv(env)
                .withWorkingDir(workDir)
                .withUser(ContainerLimits.USER)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(stdin != null)
                .exec();
        try (FrameRelay relay = docker.execStartCmd(exec.getId()).withStdIn(stdin).exec(new FrameRelay(sink))) {
            if (!relay.awaitCompletion(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                relay.awaitCompletion(10, TimeUnit.SECONDS);
                return new ExecResult(null, true);
            }
        } catch (java.io.IOException e) {
            LOG.debugf(e, "closing the exec stream of %s", id);
        }
        Long exitCode = docker.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
        return new ExecResult(exitCode == null ? null : exitCode.intValue(), false);
    }

    /** Cuts the container off every network, for phases that must not reach out. */
    @Override
    public void disconnectNetworks() {
        var networks = docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks();
        for (String network : networks.keySet()) {
            docker.disconnectFromNetworkCmd().withContainerId(id).withNetworkId(network).withForce(true).exec();
        }
    }

    /** Whether the container still exists and runs; false when anyone stopped or removed it. */
    @Override
    public boolean isRunning() {
        try {
            Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
            return Boolean.TRUE.equals(running);
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Whether the kernel killed a process of this container for its memory limit, as the engine saw it:
     * the container's own flag when its main process died of it, else an {@code oom} event since the
     * container started (an exec killed while the container lives on sets no flag).
     */
    @Override
    public boolean oomKilled() {
        try {
            if (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getOOMKilled())) {
                return true;
            }
        } catch (NotFoundException e) {
            // Removed: its events remain.
        }
        ContainerEvents events = new ContainerEvents();
        docker.eventsCmd().withContainerFilter(id).withEventFilter("oom")
                .withSince(Long.toString(startedAtSeconds - 1))
                .withUntil(Long.toString(System.currentTimeMillis() / 1000 + 1))
                .exec(events);
        return events.awaitAny();
    }

    public void kill() {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException e) {
            LOG.debugf("kill %s: %s", id, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            LOG.debugf("container %s is gone already", id);
        } finally {
            network.release().run();
        }
    }

    /** Collects a bounded events query: it ends by itself at its {@code until}. */
    private static final class ContainerEvents extends ResultCallback.Adapter<Event> {
        private volatile boolean any;

        @Override
        public void onNext(Event event) {
            any = true;
        }

        boolean awaitAny() {
            try {
                awaitCompletion(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return any;
        }
    }
}
