package io.nodechecker.runner.registry;

import io.nodechecker.runner.identity.RunnerIdentity;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.RunnerInfo;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.docker.EngineWatch;
import io.nodechecker.runner.docker.NodeImages;
import io.nodechecker.runner.job.JobExecution;
import io.nodechecker.runner.job.JobSlots;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.infinispan.commons.IllegalLifecycleStateException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this runner's entry in the replicated registry true: announced at start ("here and ready"),
 * refreshed on every change of load and by a heartbeat, marked draining and removed at shutdown.
 */
@ApplicationScoped
public class RunnerAnnouncer {

    private static final Logger LOG = Logger.getLogger(RunnerAnnouncer.class);
    private static final long IMAGES_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RunnerRegistry registry;
    private final RunnerIdentity identity;
    private final JobSlots slots;
    private final DockerClient docker;
    private final RunnerConfig config;
    private final ClusterNode cluster;
    private final EngineWatch engine;
    private final JobExecution execution;
    private final NodeImages images;
    private volatile long imagesReadAt;
    private volatile List<String> nodeVersions = List.of();
    private volatile Map<String, String> nodeReleases = Map.of();
    private volatile boolean egressImage;
    private volatile boolean announced;

    RunnerAnnouncer(RunnerRegistry registry, RunnerIdentity identity, JobSlots slots, DockerClient docker,
                    RunnerConfig config, ClusterNode cluster, EngineWatch engine, JobExecution execution,
                    NodeImages images) {
        this.execution = execution;
        this.images = images;
        this.cluster = cluster;
        this.engine = engine;
        this.registry = registry;
        this.identity = identity;
        this.slots = slots;
        this.docker = docker;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (engine.check()) {
            nodeVersions = availableNodeVersions();
            egressImage = egressImagePresent();
        }
        if (nodeVersions.isEmpty()) {
            LOG.warnf("none of the configured Node images %s is on the engine: this runner takes no jobs",
                    images.byNode().values());
        }
        announced = true;
        announce();
        LOG.infof("runner %s is ready at %s with Node %s and capacity %d", identity.id(), identity.endpoint(),
                nodeVersions, slots.capacity());
    }

    void loadChanged(@Observes JobSlots.LoadChanged change) {
        announce();
    }

    /** The engine stopped answering: gateways hear at once that this runner is not ready. */
    void engineLost(@Observes EngineWatch.Lost lost) {
        announce();
    }

    /** The engine is back: its images may have changed (or, after a start without it, be known now). */
    void engineRecovered(@Observes EngineWatch.Recovered recovered) {
        nodeVersions = availableNodeVersions();
        egressImage = egressImagePresent();
        announce();
    }

    @Scheduled(every = "${nodechecker.runner.heartbeat:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        // A candidate build made on this engine is offered within seconds, without a restart.
        if (announced && System.nanoTime() - imagesReadAt > IMAGES_EVERY_NANOS && engine.problem() == null) {
            nodeVersions = availableNodeVersions();
        }
        announce();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        try {
            announce(true);
        } catch (IllegalLifecycleStateException e) {
            LOG.debugf("cannot announce draining: %s", e.getMessage());
        }
        if (!slots.drain(30)) {
            execution.handBackRunning();
            slots.drain(10);
        }
        announced = false;
        try {
            registry.remove(identity.id());
            LOG.infof("runner %s left the registry", identity.id());
        } catch (IllegalLifecycleStateException e) {
            // After an orderly storage shutdown (POST /api/storage/shutdown) the caches are gone already;
            // failing here would skip the other observers of the shutdown, the egress proxy's removal among them.
            LOG.infof("runner %s: the cluster's caches were shut down already, so there is no registry to leave",
                    identity.id());
        }
    }

    private void announce() {
        announce(slots.draining());
    }

    private synchronized void announce(boolean draining) {
        if (!announced) {
            return;
        }
        registry.announce(new RunnerInfo(identity.id(), identity.host(), identity.pid(), identity.endpoint(),
                slots.capacity(), slots.running(), slots.queued(), nodeVersions, Instant.now(), draining,
                String.valueOf(cluster.manager().getAddress()), unready(), nodeReleases));
    }

    /** Why this runner takes no work now, or {@code null}. */
    public String unready() {
        String problem = engine.problem();
        if (problem != null) {
            return problem;
        }
        if (nodeVersions.isEmpty()) {
            return "none of its Node images " + images.byNode().values() + " is on the Docker engine";
        }
        return egressImage ? null : "its egress proxy image " + config.egress().image()
                + " is not on the Docker engine (scripts/egress-image.sh makes it)";
    }

    /** Whether installing jobs can have their proxy: only a runner that gives no job a network needs none. */
    private boolean egressImagePresent() {
        if (NetworkPolicy.parse(config.limits().maxNetwork()) == NetworkPolicy.NONE) {
            return true;
        }
        return release(config.egress().image()).isPresent();
    }

    /** The majors whose image the engine has; their exact releases are noted on the way. */
    private List<String> availableNodeVersions() {
        imagesReadAt = System.nanoTime();
        Map<String, String> releases = new TreeMap<>();
        List<String> majors = images.refresh().entrySet().stream()
                .filter(entry -> release(entry.getValue()).map(found -> {
                    if (!found.isEmpty()) {
                        releases.put(entry.getKey(), found);
                    }
                    return true;
                }).orElse(false))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        nodeReleases = Map.copyOf(releases);
        return majors;
    }

    /**
     * The exact Node release an image says it carries (empty when it does not say); absent when the
     * engine has no such image.
     */
    private Optional<String> release(String image) {
        try {
            ContainerConfig config = docker.inspectImageCmd(image).exec().getConfig();
            if (config == null) {
                return Optional.of("");
            }
            String label = config.getLabels() == null ? null : config.getLabels().get("io.nodechecker.node");
            if (label != null) {
                return Optional.of(label.startsWith("v") ? label.substring(1) : label);
            }
            return Optional.of(Optional.ofNullable(config.getEnv()).stream().flatMap(Arrays::stream)
                    .filter(env -> env.startsWith("NODE_VERSION=")).map(env -> env.substring("NODE_VERSION=".length()))
                    .findFirst().orElse(""));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
