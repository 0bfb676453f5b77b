package io.nodechecker.cluster;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Job;
import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.conflict.ConflictManager;
import org.infinispan.conflict.ConflictManagerFactory;
import org.infinispan.container.entries.CacheEntry;
import org.infinispan.container.entries.InternalCacheValue;
import org.infinispan.context.Flag;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.Merged;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.MergeEvent;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.remoting.transport.Address;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes both sides of a healed split hold what either wrote. Infinispan's conflict resolution at the merge
 * compares what owners hold in heap; an entry one side holds only on disk (the heap keeps a bounded part of
 * each stored cache) goes unseen and stays on that side alone, so the other side's gateways answer as if it
 * never was (a job's log 410). After a merge each storage member therefore reads every entry it holds that
 * was written since the split began, asks all its owners for their copies, and where they differ writes
 * the one the merge policy keeps: a job record's furthest copy ({@link JobMergePolicy}), anything else the
 * copy that is there. What it reads is what changed during the split (entries of caches without a
 * lifespan carry no write time and are all read, and those caches are small), never the whole history.
 */
final class MergeRepair {

    private static final Logger LOG = Logger.getLogger(MergeRepair.class);
    // Writes may have gone to one side only for up to the failure timeout before the split was noticed.
    private static final Duration BEFORE_NOTICED = Duration.ofSeconds(30);
    private static final Duration STABLE_WAIT = Duration.ofMinutes(5);
    private static final int ATTEMPTS = 3;

    private final EmbeddedCacheManager manager;
    private final AtomicReference<Instant> splitSince = new AtomicReference<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "merge-repair");
        thread.setDaemon(true);
        return thread;
    });

    MergeRepair(EmbeddedCacheManager manager) {
        this.manager = manager;
        manager.addListener(new Membership());
    }

    void close() {
        worker.shutdownNow();
    }

    @Listener(sync = false)
    public class Membership {
        @ViewChanged
        public void viewChanged(ViewChangedEvent event) {
            if (!event.isMergeView() && !event.getNewMembers().containsAll(event.getOldMembers())) {
                // Members left: gone for good, or on the other side of a split. The earliest such moment counts.
                splitSince.compareAndSet(null, Instant.now().minus(BEFORE_NOTICED));
                List<Address> gone = new ArrayList<>(event.getOldMembers());
                gone.removeAll(event.getNewMembers());
                LOG.warnf("members %s left the view: stopped, or on the other side of a split; the %d members here go on"
                        + " and a merge will copy what either side writes", gone, event.getNewMembers().size());
            }
        }

        @Merged
        public void merged(MergeEvent event) {
            Instant since = splitSince.getAndSet(null);
            Instant from = since == null ? Instant.now().minus(BEFORE_NOTICED) : since;
            LOG.warnf("the cluster's partitions merged (members %s); copying what either side wrote since %s to the"
                    + " other side's owners", event.getNewMembers(), from);
            worker.execute(() -> repairAll(from));
        }
    }

    private void repairAll(Instant since) {
        long repaired = 0;
        for (String name : Caches.STORED) {
            // A topology change during the pass (a member joining, another merge) stops it; the cache is read again.
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    repaired += repair(manager.<Object, Object>getCache(name).getAdvancedCache(), name, since);
                    break;
                } catch (RuntimeException e) {
                    if (worker.isShutdown()) {
                        return;
                    }
                    if (attempt == ATTEMPTS) {
                        LOG.warnf("after the merge, cache %s could not be checked: %s", name, e.getMessage());
                    }
                }
            }
        }
        LOG.infof("after the merge, %d entries were copied to owners that lacked them or held an older copy", repaired);
    }

    /** Writes the kept copy of each entry written since {@code since} whose owners hold different copies. */
    long repair(AdvancedCache<Object, Object> cache, String name, Instant since) {
        ConflictManager<Object, Object> conflicts = ConflictManagerFactory.get(cache);
        awaitStable(cache, conflicts);
        long sinceMillis = since.toEpochMilli();
        AdvancedCache<Object, Object> local = cache.withFlags(Flag.CACHE_MODE_LOCAL);
        long repaired = 0;
        long read = 0;
        try (var entries = local.cacheEntrySet().stream()) {
            for (CacheEntry<Object, Object> entry : (Iterable<CacheEntry<Object, Object>>) entries::iterator) {
                if (entry.getCreated() >= 0 && entry.getCreated() < sinceMillis) {
                    continue;
                }
                read++;
                Map<Address, InternalCacheValue<Object>> copies = conflicts.getAllVersions(entry.getKey());
                if (agree(copies)) {
                    continue;
                }
                Object kept = kept(name, copies, entry.getValue());
                if (kept != null) {
                    cache.put(entry.getKey(), kept, entry.getMetadata());
                    repaired++;
                }
            }
        }
        LOG.debugf("after the merge, %s: %d entries written since the split read, %d copied", name, read, repaired);
        return repaired;
    }

    /** Whether every owner holds a copy, and the same one. */
    private static boolean agree(Map<Address, InternalCacheValue<Object>> copies) {
        Set<Object> distinct = new HashSet<>();
        for (InternalCacheValue<Object> copy : copies.values()) {
            if (copy == null || copy.getValue() == null) {
                return false;
            }
            distinct.add(comparable(copy.getValue()));
        }
        return distinct.size() <= 1;
    }

    /** The copy the merge keeps: a job's furthest, else the first there. */
    static Object kept(String cache, Map<Address, InternalCacheValue<Object>> copies, Object mine) {
        var values = copies.values().stream().filter(Objects::nonNull).map(InternalCacheValue::getValue)
                .filter(Objects::nonNull);
        if (Caches.JOBS.equals(cache)) {
            return values.map(String.class::cast)
                    .max(Comparator.comparing((String json) -> Json.read(json, Job.class), JobMergePolicy.PROGRESS))
                    .orElse((String) mine);
        }
        Optional<Object> first = values.findFirst();
        return first.orElse(mine);
    }

    /** byte[] compares by identity; its content stands for it. */
    private static Object comparable(Object value) {
        return value instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : value;
    }

    /**
     * Conflict resolution and the rebalance after the merge must be done before owners can be compared: the cache's
     * topology has every member of the merged view, and nothing moves.
     */
    private void awaitStable(AdvancedCache<Object, Object> cache, ConflictManager<Object, Object> conflicts) {
        Instant deadline = Instant.now().plus(STABLE_WAIT);
        while (Instant.now().isBefore(deadline)) {
            var topology = cache.getDistributionManager().getCacheTopology();
            if (topology.getMembers().containsAll(manager.getMembers()) && topology.getPendingCH() == null
                    && !conflicts.isConflictResolutionInProgress() && !conflicts.isStateTransferInProgress()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
