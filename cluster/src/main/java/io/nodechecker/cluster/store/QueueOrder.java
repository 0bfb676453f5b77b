package io.nodechecker.cluster.store;

import io.nodechecker.model.Lane;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The order in which open jobs are offered to runners (start-time fair queuing over owners). Interactive
 * jobs go before batch jobs. Within a lane each job gets a turn when it is queued: one after its owner's
 * latest open job in that lane, and never before the lane's head (the lowest turn among its open jobs,
 * running ones included). Lower turns go first, the oldest first among equals. So a token's 500-job batch
 * takes 500 turns in a row, and another token's job queued later takes the head's turn and goes next.
 * Jobs that no token asked for (publishes, hooks, a gateway without tokens) share one owner.
 *
 * <p>Turns are worked out from the open jobs as this member last read them, at most {@link #FRESH} ago,
 * plus the turns it handed out since: a batch of thousands reads the open jobs once, not once per job.
 * Two gateways queuing for the same owner in the same second may give out a turn twice, which only
 * changes who of the two goes first.
 */
final class QueueOrder {

    static final Duration FRESH = Duration.ofSeconds(1);

    static final Comparator<OpenJobs.Entry> IN_TURN = Comparator.comparing(OpenJobs.Entry::lane)
            .thenComparingLong(OpenJobs.Entry::turn)
            .thenComparing(OpenJobs.Entry::createdAt)
            .thenComparing(OpenJobs.Entry::jobId);

    private final Supplier<List<OpenJobs.Entry>> read;
    private final Map<Lane, Long> heads = new HashMap<>();
    private final Map<String, Long> latest = new HashMap<>();
    private Instant readAt = Instant.MIN;

    QueueOrder(Supplier<List<OpenJobs.Entry>> read) {
        this.read = read;
    }

    /** The turn of a job of {@code owner} queued in {@code lane} now. */
    synchronized long next(Lane lane, String owner, Instant now) {
        if (readAt.plus(FRESH).isBefore(now)) {
            reread();
            readAt = now;
        }
        long head = heads.getOrDefault(lane, 0L);
        Long last = latest.get(party(lane, owner));
        long turn = last == null ? head : Math.max(head, last + 1);
        latest.put(party(lane, owner), turn);
        return turn;
    }

    private void reread() {
        heads.clear();
        latest.clear();
        for (OpenJobs.Entry entry : read.get()) {
            heads.merge(entry.lane(), entry.turn(), Math::min);
            latest.merge(party(entry.lane(), entry.owner()), entry.turn(), Math::max);
        }
    }

    private static String party(Lane lane, String owner) {
        return lane + " " + Objects.requireNonNullElse(owner, "");
    }
}
