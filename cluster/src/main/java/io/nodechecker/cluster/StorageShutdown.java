package io.nodechecker.cluster;

import org.infinispan.Cache;
import org.infinispan.distribution.ch.ConsistentHash;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.infinispan.remoting.transport.Address;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's orderly storage shutdown. Infinispan writes one layout of who owns which segment on
 * every member ({@code shutdownAllCaches}) and, when the cluster starts again, waits for every member
 * of that layout before it serves. Runners own nothing and keep no state across a restart, so they
 * must not be in it: first they are told (through the replicated {@link Caches#SIGNALS} cache) to
 * leave every cache, and the layout is written once only storage members remain.
 */
public final class StorageShutdown {

    private static final Logger LOG = Logger.getLogger(StorageShutdown.class);
    static final String SIGNAL = "storage-shutdown";

    private StorageShutdown() {
    }

    /** Run on a storage member: compute members leave, then every member writes the layout and stops its stored caches. */
    public static void run(ClusterNode node, Duration wait) {
        Set<Address> compute = computeMembers(node);
        node.cache(Caches.SIGNALS).put(SIGNAL, Instant.now().toString());
        Instant deadline = Instant.now().plus(wait);
        while (anyIn(node, compute) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (anyIn(node, compute)) {
            LOG.warnf("compute members still in the stored caches after %s; shutting down anyway", wait);
        }
        ((DefaultCacheManager) node.manager()).shutdownAllCaches();
    }

    /** Members that own nothing of the stored caches (capacity factor 0): the runners. */
    private static Set<Address> computeMembers(ClusterNode node) {
        Cache<Object, Object> jobs = node.cache(Caches.JOBS);
        ConsistentHash hash = jobs.getAdvancedCache().getDistributionManager().getCacheTopology().getWriteConsistentHash();
        Set<Address> compute = new HashSet<>();
        hash.getCapacityFactors().forEach((member, factor) -> {
            if (factor == 0f) {
                compute.add(member);
            }
        });
        return compute;
    }

    /** Whether any of {@code members} is still in any cache's topology. */
    private static boolean anyIn(ClusterNode node, Set<Address> members) {
        for (String name : everyCache()) {
            List<Address> current = node.cache(name).getAdvancedCache().getDistributionManager().getCacheTopology()
                    .getMembers();
            if (current.stream().anyMatch(members::contains)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> everyCache() {
        List<String> names = new ArrayList<>(List.of(Caches.STORED));
        names.add(Caches.RUNNERS);
        names.add(Caches.SIGNALS);
        return names;
    }

    /** Makes a compute member leave the stored caches when the signal comes. */
    static void leaveOnSignal(ClusterNode node) {
        node.cache(Caches.SIGNALS).addListener(new SignalListener(node));
    }

    @Listener(observation = Listener.Observation.POST)
    public static final class SignalListener {
        private final ClusterNode node;

        SignalListener(ClusterNode node) {
            this.node = node;
        }

        @CacheEntryCreated
        public void created(CacheEntryCreatedEvent<String, String> event) {
            if (SIGNAL.equals(event.getKey())) {
                // Not on the notifying thread: stopping a cache waits for its topology to change.
                CompletableFuture.runAsync(() -> {
                    LOG.info("the cluster's storage shuts down: this runner leaves every cache");
                    for (String name : everyCache()) {
                        node.cache(name).stop();
                    }
                });
            }
        }
    }
}
