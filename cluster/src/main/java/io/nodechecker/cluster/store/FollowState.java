package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import org.infinispan.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What following the registry keeps cluster-wide: the lease that lets one gateway at a time poll
 * (another takes it over when the holder leaves the cluster or lets it lapse), and the replication
 * feed's checkpoint.
 */
public final class FollowState {

    static final String LEASE = "lease";
    private static final String FEED_SINCE = "feed-since";

    private final Cache<String, String> state;

    public FollowState(ClusterNode node) {
        this.state = node.cache(Caches.FOLLOW);
    }

    /**
     * Takes or renews the lease for {@code me} until {@code now + length}; true when {@code me} holds it
     * now. A lease whose holder is not among {@code members}, or that has run out, is taken over.
     */
    public boolean hold(String me, Set<String> members, Instant now, Duration length) {
        String mine = me + "|" + now.plus(length).toEpochMilli();
        String current = state.get(LEASE);
        if (current == null) {
            return state.putIfAbsent(LEASE, mine) == null;
        }
        int bar = current.lastIndexOf('|');
        String holder = current.substring(0, bar);
        long until = Long.parseLong(current.substring(bar + 1));
        boolean free = holder.equals(me) || !members.contains(holder) || until < now.toEpochMilli();
        return free && state.replace(LEASE, current, mine);
    }

    public Optional<String> feedSince() {
        return Optional.ofNullable(state.get(FEED_SINCE));
    }

    public void feedSince(String since) {
        state.put(FEED_SINCE, since);
    }
}
