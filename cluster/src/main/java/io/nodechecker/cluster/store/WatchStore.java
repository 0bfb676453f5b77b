package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Watch;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The followed packages, cluster-wide, changed with compare-and-set. How many there are is bounded by
 * {@code watch.max-packages}, so listing them reads a bounded set.
 */
public final class WatchStore {

    private final Cache<String, String> watches;

    public WatchStore(ClusterNode node) {
        this.watches = node.cache(Caches.WATCHES);
    }

    /** Adds the watch unless its package is watched already; whether it was added. */
    public boolean add(Watch watch) {
        return watches.putIfAbsent(watch.name(), Json.write(watch)) == null;
    }

    public Optional<Watch> find(String name) {
        return Optional.ofNullable(Json.read(watches.get(name), Watch.class));
    }

    public int size() {
        return watches.size();
    }

    public List<Watch> all() {
        List<Watch> found = new ArrayList<>();
        for (String name : List.copyOf(watches.keySet())) {
            find(name).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(Watch::name));
        return found;
    }

    public boolean remove(String name) {
        return watches.remove(name) != null;
    }

    /** Applies {@code change} atomically; empty when the watch is gone or the change returned null. */
    public Optional<Watch> update(String name, UnaryOperator<Watch> change) {
        return JsonRecords.update(watches, name, Watch.class, change);
    }
}
