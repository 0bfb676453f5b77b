package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a runner announces in the replicated registry.
 *
 * @param endpoint     the base URL where the runner accepts work
 * @param capacity     how many jobs it runs at once
 * @param nodeVersions the Node major versions it has an image for
 * @param nodeReleases the exact Node release of each major's image ({@code 26 → 26.12.1}), where the
 *                     image says (the {@code io.nodechecker.node} label or the {@code NODE_VERSION} variable)
 * @param draining     true once it was told to stop: it finishes what it runs and takes nothing new
 * @param member       its address in the cluster view, by which a departure is recognised
 * @param unready      why it takes no work now (its Docker engine does not answer, it has no Node
 *                     image), in words a person reads; {@code null} when it is ready
 */
@RegisterForReflection
public record RunnerInfo(
        String id,
        String host,
        long pid,
        String endpoint,
        int capacity,
        int running,
        int queued,
        List<String> nodeVersions,
        Instant lastHeartbeat,
        boolean draining,
        String member,
        String unready,
        Map<String, String> nodeReleases) {

    public RunnerInfo(String id, String host, long pid, String endpoint, int capacity, int running, int queued,
                      List<String> nodeVersions, Instant lastHeartbeat, boolean draining, String member, String unready) {
        this(id, host, pid, endpoint, capacity, running, queued, nodeVersions, lastHeartbeat, draining, member, unready,
                Map.of());
    }

    /** How full the runner is: 0 when idle, 1 when every slot is busy, more when work waits. */
    public double load() {
        return (running + queued) / (double) Math.max(1, capacity);
    }

    /** The same runner with one more job waiting, as a gateway counts it right after a dispatch. */
    public RunnerInfo plusQueued() {
        return new RunnerInfo(id, host, pid, endpoint, capacity, running, queued + 1, nodeVersions, lastHeartbeat,
                draining, member, unready, nodeReleases);
    }

    /** Whether its last heartbeat is less than {@code maxSilence} before {@code now}. */
    public boolean heardWithin(Duration maxSilence, Instant now) {
        return lastHeartbeat.plus(maxSilence).isAfter(now);
    }

    /** Whether it has a free slot: fewer jobs running and waiting there than its capacity. */
    public boolean hasRoom() {
        return running + queued < capacity;
    }

    /** Whether it takes a job for {@code node} now. */
    public boolean offers(String node) {
        return unready == null && nodeVersions.contains(node);
    }
}
