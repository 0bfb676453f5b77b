package io.nodechecker.runner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.PauseFence;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.model.Job;
import io.nodechecker.model.RunnerInfo;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.identity.RunnerIdentity;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryRemoved;
import org.infinispan.notifications.cachelistener.event.CacheEntryRemovedEvent;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Removes job containers and job networks that no live job owns, and egress proxies and networks no runner uses:
 * this runner's own left over from a crash before a restart, and those of runners that are gone from
 * the registry (their process died and nothing else will remove them). Runs at start and then
 * periodically.
 */
@ApplicationScoped
public class Janitor {

    private static final Logger LOG = Logger.getLogger(Janitor.class);

    private final DockerClient docker;
    private final RunnerConfig config;
    private final RunnerIdentity identity;
    private final RunnerRegistry registry;
    private final JobStore jobs;
    private final ClusterNode node;
    private final EgressProxy egress;

    Janitor(DockerClient docker, RunnerConfig config, RunnerIdentity identity, RunnerRegistry registry, JobStore jobs,
            ClusterNode node, EgressProxy egress) {
        this.egress = egress;
        this.node = node;
        this.docker = docker;
        this.config = config;
        this.identity = identity;
        this.registry = registry;
        this.jobs = jobs;
    }

    void atStart(@Observes StartupEvent event) {
        sweepQuietly(); // a runner starts without its engine too; it is not ready until the engine answers
        registry.cache().addListener(new DepartureListener());
    }

    /** What an engine outage left (containers of jobs that went back to the queue) goes once it answers. */
    void engineRecovered(@Observes EngineWatch.Recovered recovered) {
        sweepQuietly();
    }

    /** A runner that leaves the registry may leave containers behind: sweep soon after. */
    @Listener(observation = Listener.Observation.POST)
    public class DepartureListener {
        @CacheEntryRemoved
        public void removed(CacheEntryRemovedEvent<String, String> event) {
            if (!identity.id().equals(event.getKey())) {
                CompletableFuture.runAsync(Janitor.this::sweepQuietly);
            }
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("sweep failed: %s", e.getMessage());
        }
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        sweepQuietly();
    }

    /**
     * Removes every labelled container no live job owns; returns how many went. Nothing is removed
     * while this process's view may be stale (it just woke from a pause, see {@link PauseFence}):
     * other runners' missed heartbeats would look like their death.
     */
    public synchronized int sweep() {
        if (!node.fence().open()) {
            LOG.info("sweep skipped: this runner was paused and its view of the cluster may be stale");
            return 0;
        }
        Set<String> liveRunners = registry.heardFrom(config.cluster().runnerSilence(), Instant.now()).stream()
                .map(RunnerInfo::id).collect(Collectors.toSet());
        // Only this cluster's: other clusters may share the engine, and their runners are not in this registry.
        Map<String, String> ofThisCluster = Map.of(ContainerLabels.clusterKey(config), ContainerLabels.cluster(config));
        int removed = 0;
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(ofThisCluster).exec()) {
            if (orphan(container.getLabels(), liveRunners, container.getId()) && remove(container.getId())) {
                removed++;
                LOG.infof("removed container %s of %s", container.getId(), whose(container.getLabels()));
            }
        }
        // Job networks go after their containers: a network with a container attached cannot be removed.
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(ContainerLabels.clusterKey(config)
                + "=" + ContainerLabels.cluster(config))).exec()) {
            if (!egress.isPooled(network.getId()) && orphan(network.getLabels(), liveRunners, null)) {
                try {
                    egress.remove(network.getId());
                    LOG.infof("removed network %s of %s", network.getName(), whose(network.getLabels()));
                } catch (RuntimeException e) {
                    LOG.debugf("network %s: %s", network.getName(), e.getMessage());
                }
            }
        }
        return removed;
    }

    /**
     * Whether what carries {@code labels} belongs to no live job: another runner's once that runner is
     * gone (unheard of, and not a process still running on this host); this runner's own unless its job is
     * still running here (or it is the egress proxy in use).
     */
    private boolean orphan(Map<String, String> labels, Set<String> liveRunners, String containerId) {
        String label = config.docker().label();
        String owner = labels.get(label);
        if (!identity.id().equals(owner)) {
            // Out of the registry's sight is not dead: a runner on this host that still runs keeps its things.
            return !liveRunners.contains(owner) && RunnerProcess.parse(labels.get(ContainerLabels.processKey(config)))
                    .map(process -> !process.aliveSeenFrom(identity.host())).orElse(true);
        }
        if (labels.containsKey(ContainerLabels.egressKey(config))) {
            return containerId == null || !egress.isCurrent(containerId);
        }
        return !ownedHere(labels.get(label + ".job"));
    }

    private String whose(Map<String, String> labels) {
        String label = config.docker().label();
        String job = labels.get(label + ".job");
        String what = "network".equals(labels.get(ContainerLabels.egressKey(config))) ? "an egress network" : "the egress proxy";
        return (job == null ? what : "job " + job) + " (runner " + labels.get(label) + ")";
    }

    private boolean ownedHere(String jobId) {
        return jobId != null && jobs.find(jobId)
                .filter(Job::isWithRunner)
                .filter(job -> identity.id().equals(job.runner()))
                .isPresent();
    }

    private boolean remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false; // gone already, or its removal is under way (its own runner's cleanup)
        }
    }
}
