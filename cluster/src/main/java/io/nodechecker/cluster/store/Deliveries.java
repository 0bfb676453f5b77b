package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import org.infinispan.Cache;

import java.time.Instant;

/** Webhook deliveries already acted on, cluster-wide, so a redelivered hook queues nothing twice. */
public final class Deliveries {

    private final Cache<String, String> deliveries;

    public Deliveries(ClusterNode node) {
        this.deliveries = node.cache(Caches.DELIVERIES);
    }

    /** True the first time {@code fingerprint} is seen, false ever after (for a week). */
    public boolean firstTime(String fingerprint) {
        return deliveries.putIfAbsent(fingerprint, Instant.now().toString()) == null;
    }
}
