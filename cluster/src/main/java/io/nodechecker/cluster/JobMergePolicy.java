package io.nodechecker.cluster;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Job;
import org.infinispan.conflict.EntryMergePolicy;
import org.infinispan.container.entries.CacheEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Settles a job whose copies differ after a partition heals: the copy that got furthest wins — a
 * final result over a running job over a dispatched one over a queued one, then the later attempt —
 * so a result recorded on either side is never lost.
 */
final class JobMergePolicy implements EntryMergePolicy<String, String> {

    static final Comparator<Job> PROGRESS = Comparator
            .comparingInt((Job job) -> job.state().isFinal() ? 3 : switch (job.state()) {
                case RUNNING -> 2;
                case DISPATCHED -> 1;
                default -> 0;
            })
            .thenComparingInt(Job::attempts)
            .thenComparingLong(Job::outputChunks);

    @Override
    public CacheEntry<String, String> merge(CacheEntry<String, String> preferred, List<CacheEntry<String, String>> others) {
        List<CacheEntry<String, String>> all = new ArrayList<>(others);
        all.add(preferred);
        return all.stream()
                .filter(Objects::nonNull)
                .filter(entry -> entry.getValue() != null)
                .max(Comparator.comparing(entry -> Json.read(entry.getValue(), Job.class), PROGRESS))
                .orElse(preferred);
    }
}
