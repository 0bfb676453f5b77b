package io.nodechecker.cluster;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.infinispan.commons.CacheException;
import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.topology.ClusterTopologyManager;
import org.infinispan.topology.LocalTopologyManager;
import org.infinispan.topology.MissingMembersException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Brings the caches back when storage members restart fewer than they were. Each member saves the
 * layout of who owns what; at a restart Infinispan waits for every member of that layout. When fewer come
 * back but at least one owner of every entry is among them (members missing &lt; owners), nothing is lost:
 * the layout is taken with the members present, and the missing ones join it again when they return. When
 * entries could be lost, the caches wait for the members, and only an operator may accept the loss
 * ({@link #acceptLoss()}), as Infinispan server's {@code topology set-stable --force} does: Infinispan then
 * starts those caches over empty, since it cannot tell which of their entries are whole. Only the
 * coordinator holds the layouts: on the others every call is a no-op.
 */
public final class StorageRecovery {

    /** What the stored caches are doing: serving, or waiting for members (with what to do about it). */
    @RegisterForReflection
    public record Status(boolean serving, String detail) {
    }

    private static final Logger LOG = Logger.getLogger(StorageRecovery.class);
    private static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(10);

    private final EmbeddedCacheManager manager;
    private final AtomicReference<String> lastRefusal = new AtomicReference<>();

    public StorageRecovery(EmbeddedCacheManager manager) {
        this.manager = manager;
    }

    /** Takes the present members' layout for every cache that waits for members when no entry is lost. */
    public Status recover() {
        return recover(false);
    }

    /**
     * Starts every waiting cache over, empty, with the members present, and answers once they serve (each cache
     * installs its new layout on its own, a moment later) or after {@link #SETTLE}.
     */
    public Status acceptLoss() {
        Status status = recover(true);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!status.serving() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
            status = status();
        }
        return status;
    }

    /** Serving when every stored cache has a layout; waiting (and what to do) while one has none. */
    public Status status() {
        LocalTopologyManager local = GlobalComponentRegistry.of(manager).getLocalTopologyManager();
        List<String> waiting = caches().stream().filter(cache -> !restored(local, cache)).toList();
        if (waiting.isEmpty()) {
            return new Status(true, "serving");
        }
        String refusal = lastRefusal.get();
        return new Status(false, "waiting for storage members (" + String.join(", ", waiting) + ")"
                + (refusal == null ? "" : ": " + refusal) + ". Start the missing gateways with their data directories;"
                + " or, to go on without them, POST /api/storage/accept-loss with an admin token (./nodechecker"
                + " accept-loss): the stored jobs, logs and histories then start over empty");
    }

    private static boolean restored(LocalTopologyManager local, String cache) {
        try {
            local.assertTopologyStable(cache);
            return true;
        } catch (MissingMembersException e) {
            return false;
        }
    }

    /**
     * Forgets the saved layouts of the caches that keep nothing on disk (the runner registry, signals, rate
     * limits, Infinispan's own configuration cache, which this app never uses): with nothing to recover, a
     * restart must not wait for their members. Run before the cache manager starts.
     */
    static void forgetVolatileLayouts(Path dataDir) {
        for (String cache : List.of(Caches.RUNNERS, Caches.SIGNALS, Caches.RATE_LIMITS, "org.infinispan.CONFIG")) {
            try {
                Files.deleteIfExists(dataDir.resolve(cache + ".state"));
            } catch (IOException e) {
                LOG.warnf("cannot remove the saved layout of %s in %s: %s", cache, dataDir, e.getMessage());
            }
        }
    }

    // Every cache of this member, the replicated registry's too: each saved its layout, and each waits.
    private List<String> caches() {
        return manager.getCacheNames().stream().sorted().toList();
    }

    private Status recover(boolean force) {
        ClusterTopologyManager topology = GlobalComponentRegistry.of(manager).getClusterTopologyManager();
        List<String> recovered = new ArrayList<>();
        String refusal = null;
        for (String cache : caches()) {
            try {
                if (topology.useCurrentTopologyAsStable(cache, force)) {
                    recovered.add(cache);
                }
            } catch (CacheException e) {
                refusal = e.getMessage();
            }
        }
        if (refusal != null && !refusal.equals(lastRefusal.getAndSet(refusal))) {
            LOG.warnf("storage: %s", refusal); // once, not at every retry while nothing changes
        }
        if (!recovered.isEmpty()) {
            LOG.infof(force ? "storage: the loss was accepted: %d caches start over, empty, with the %d members present (%s)"
                    : "storage: %d caches recovered with the %d members present; no entry was lost, and the missing"
                    + " members join again when they start (%s)", recovered.size(), manager.getMembers().size(),
                    String.join(", ", recovered));
        }
        return status();
    }
}
