package io.nodechecker.runner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.JobStore;
import io.nodechecker.cluster.PauseFence;
import io.nodechecker.cluster.RunnerRegistry;
import io.nodechecker.model.Job;
import io.nodechecker.model.RunnerInfo;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.registry.RunnerIdentity;
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
 * Removes job containers that no live job owns: this runner's own left over from a crash before a
 * restart, and those of runners that are gone from the registry (their process died and nothing
 * else will remove them). Runs at start and then periodically.
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

    Janitor(DockerClient docker, RunnerConfig config, RunnerIdentity identity, RunnerRegistry registry, JobStore jobs,
            ClusterNode node) {
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
        String label = config.docker().label();
        String cluster = ContainerLabels.cluster(config);
        Set<String> liveRunners = registry.heardFrom(config.cluster().runnerSilence(), Instant.now()).stream()
                .map(RunnerInfo::id).collect(Collectors.toSet());
        // Only this cluster's: other clusters may share the engine, and their runners are not in this registry.
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.clusterKey(config), cluster)).exec();
        int removed = 0;
        for (Container container : containers) {
            Map<String, String> labels = container.getLabels();
            String owner = labels.get(label);
            String jobId = labels.get(label + ".job");
            boolean orphan = identity.id().equals(owner)
                    ? !ownedHere(jobId)
                    : !liveRunners.contains(owner);
            if (orphan && remove(container.getId())) {
                removed++;
                LOG.infof("removed container %s of job %s (runner %s)", container.getId(), jobId, owner);
            }
        }
        return removed;
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
