package io.nodechecker.cluster;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.infinispan.Cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;

/**
 * The jobs that have no result yet — the queue and the jobs runners hold — as job id → creation time.
 * Its size is the work in flight, never the history: a dispatch pass reads its entries in order and the
 * job records behind them only until every runner is full; a lost-runner check reads them all. An entry
 * is added before its job can be seen waiting and removed after the job's result is stored, so a reader
 * may find a job that has just ended (and skips it), never miss one.
 */
public final class OpenJobs {

    private final Cache<String, String> open;

    OpenJobs(ClusterNode node) {
        this.open = node.cache(Caches.OPEN_JOBS);
    }

    void add(String jobId, Instant createdAt) {
        open.put(jobId, createdAt.toString());
    }

    void remove(String jobId) {
        open.remove(jobId);
    }

    @RegisterForReflection
    record Entry(String jobId, Instant createdAt) {
    }

    /** Every open job, oldest first. */
    List<Entry> oldestFirst() {
        List<Entry> entries = new ArrayList<>();
        open.forEach((id, createdAt) -> entries.add(new Entry(id, Instant.parse(createdAt))));
        entries.sort(Comparator.comparing(Entry::createdAt).thenComparing(Entry::jobId));
        return entries;
    }
}
