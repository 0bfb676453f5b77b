package io.nodechecker.cluster.registry;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.RunnerInfo;
import org.infinispan.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The replicated registry of runners: who is there, what Node versions they have, how busy they are. */
public final class RunnerRegistry {

    private final Cache<String, String> runners;

    public RunnerRegistry(ClusterNode node) {
        this.runners = node.cache(Caches.RUNNERS);
    }

    public void announce(RunnerInfo runner) {
        runners.put(runner.id(), Json.write(runner));
    }

    public void remove(String runnerId) {
        runners.remove(runnerId);
    }

    public List<RunnerInfo> all() {
        return runners.values().stream()
                .map(json -> Json.read(json, RunnerInfo.class))
                .sorted(Comparator.comparing(RunnerInfo::id))
                .toList();
    }

    /** Runners heard from within {@code maxSilence}, draining or not: they still own what they run. */
    public List<RunnerInfo> heardFrom(Duration maxSilence, Instant now) {
        return all().stream().filter(r -> r.heardWithin(maxSilence, now)).toList();
    }

    /** Runners that were heard from within {@code maxSilence} and are not draining. */
    public List<RunnerInfo> live(Duration maxSilence, Instant now) {
        return all().stream()
                .filter(r -> !r.draining())
                .filter(r -> r.heardWithin(maxSilence, now))
                .toList();
    }

    public Cache<String, String> cache() {
        return runners;
    }
}
