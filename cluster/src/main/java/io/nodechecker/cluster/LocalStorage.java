package io.nodechecker.cluster;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this member itself holds of the stored caches: entries in heap, and entries in heap or on its
 * own disk. An operator's check that a runner holds nothing, and that expired data has left a gateway.
 */
public final class LocalStorage {

    /** One cache's local share. */
    @RegisterForReflection
    public record Share(long inHeap, long stored) {
    }

    /** Per stored cache, this member's share. */
    @RegisterForReflection
    public record Report(String member, String role, Map<String, Share> caches) {
    }

    private LocalStorage() {
    }

    public static Report of(ClusterNode node) {
        Map<String, Share> caches = new LinkedHashMap<>();
        for (String name : Caches.STORED) {
            Cache<Object, Object> cache = node.cache(name);
            caches.put(name, new Share(cache.getAdvancedCache().getDataContainer().size(),
                    cache.getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL).size()));
        }
        return new Report(String.valueOf(node.manager().getAddress()), node.role().name().toLowerCase(), caches);
    }
}
