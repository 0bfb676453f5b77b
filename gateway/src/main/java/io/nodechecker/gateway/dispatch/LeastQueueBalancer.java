package io.nodechecker.gateway.dispatch;

import io.nodechecker.model.RunnerInfo;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks the runner for a job: among those that offer its Node version and have a free slot, the
 * one with the smallest (running + queued) / capacity; ties at random so that gateways acting at
 * the same moment spread their picks.
 */
public final class LeastQueueBalancer {

    private final RandomGenerator random;

    public LeastQueueBalancer(RandomGenerator random) {
        this.random = random;
    }

    public Optional<RunnerInfo> pick(List<RunnerInfo> runners, String node) {
        List<RunnerInfo> candidates = runners.stream()
                .filter(r -> r.offers(node))
                .filter(RunnerInfo::hasRoom)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        double least = candidates.stream().mapToDouble(RunnerInfo::load).min().orElseThrow();
        List<RunnerInfo> tied = candidates.stream()
                .filter(r -> r.load() == least)
                .sorted(Comparator.comparing(RunnerInfo::id))
                .toList();
        return Optional.of(tied.get(random.nextInt(tied.size())));
    }
}
