package io.nodechecker.gateway.cluster;

import io.nodechecker.cluster.ClusterNode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * While the stored caches wait for storage members missing since a restart, tries again to go on with
 * those present once the cluster's members have not changed for {@link #QUIET}: enough of them may have
 * come back for no entry to be lost. Members still joining are left to join first, as Infinispan
 * recovers by itself once every member of the saved layout is back.
 */
@ApplicationScoped
class StorageRecoveryWatch {

    private static final Duration QUIET = Duration.ofSeconds(10);

    private final ClusterNode cluster;
    private List<?> members = List.of();
    private Instant changedAt = Instant.now();

    StorageRecoveryWatch(ClusterNode cluster) {
        this.cluster = cluster;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void retry() {
        if (cluster.recovery().status().serving()) {
            return;
        }
        List<?> now = List.copyOf(cluster.manager().getMembers());
        if (!now.equals(members)) {
            members = now;
            changedAt = Instant.now();
            return;
        }
        if (Duration.between(changedAt, Instant.now()).compareTo(QUIET) >= 0) {
            cluster.recovery().recover();
        }
    }
}
