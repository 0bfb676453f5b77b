package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which jobs were created: each new job takes the next number (a compare-and-set on
 * {@link #HEAD}) and is stored under it, so the newest {@code n} jobs are {@code n} reads back from the
 * head, however many jobs the cluster has. Entries expire with the job records.
 */
public final class RecentJobs {

    static final String HEAD = "head";
    // Numbers whose job was never stored (a member died between the two writes) are skipped, up to this many.
    private static final int MAX_GAP = 1000;

    private final Cache<String, String> recent;

    RecentJobs(ClusterNode node) {
        this.recent = node.cache(Caches.RECENT_JOBS);
    }

    void add(String jobId) {
        while (true) {
            String head = recent.get(HEAD);
            long next = head == null ? 1 : Long.parseLong(head) + 1;
            boolean taken = head == null ? recent.putIfAbsent(HEAD, Long.toString(next)) == null
                    : recent.replace(HEAD, head, Long.toString(next));
            if (taken) {
                recent.put(Long.toString(next), jobId);
                return;
            }
        }
    }

    /** The ids of the newest {@code limit} jobs still stored, newest first. */
    List<String> newest(int limit) {
        String head = recent.get(HEAD);
        List<String> ids = new ArrayList<>();
        int missing = 0;
        for (long n = head == null ? 0 : Long.parseLong(head); n > 0 && ids.size() < limit && missing < MAX_GAP; n--) {
            String id = recent.get(Long.toString(n));
            if (id == null) {
                missing++;
            } else {
                ids.add(id);
            }
        }
        return ids;
    }
}
