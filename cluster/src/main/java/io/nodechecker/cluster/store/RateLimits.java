package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.infinispan.Bucket4jInfinispan;
import org.infinispan.Cache;
import org.infinispan.functional.FunctionalMap;
import org.infinispan.functional.impl.FunctionalMapImpl;
import org.infinispan.functional.impl.ReadWriteMapImpl;

import java.time.Duration;

/**
 * Limits that hold across the whole cluster: one Bucket4j token bucket per key in the
 * {@code rate-limits} cache, updated on the bucket's owners by Bucket4j's entry processor, so N gateways
 * allow what one would, not N times as much.
 */
public final class RateLimits {

    private final ProxyManager<String> buckets;

    public RateLimits(ClusterNode node) {
        Cache<String, byte[]> cache = node.cache(Caches.RATE_LIMITS);
        FunctionalMap.ReadWriteMap<String, byte[]> map =
                ReadWriteMapImpl.create(FunctionalMapImpl.create(cache.getAdvancedCache()));
        this.buckets = Bucket4jInfinispan.entryProcessorBasedBuilder(map).build();
    }

    /** Takes one of {@code perMinute} for {@code key}; false when the key has used them all this minute. */
    public boolean tryTake(String key, int perMinute) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
        return buckets.builder().build(key, () -> configuration).tryConsume(1);
    }
}
