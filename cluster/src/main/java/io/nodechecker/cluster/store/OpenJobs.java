package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.model.Lane;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.infinispan.Cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs that have no result yet — the queue and the jobs runners hold — as job id → creation time, lane,
 * owner and turn. Its size is the work in flight, never the history: a dispatch pass orders its entries
 * ({@link QueueOrder}) and reads the job records behind them only until every runner is full; a lost-runner
 * check reads them all. An entry is added before its job can be seen waiting and removed after the job's
 * result is stored, so a reader may find a job that has just ended (and skips it), never miss one.
 */
public final class OpenJobs {

    private static final String NO_OWNER = "-";

    private final Cache<String, String> open;
    private final QueueOrder order = new QueueOrder(this::entries);

    OpenJobs(ClusterNode node) {
        this.open = node.cache(Caches.OPEN_JOBS);
    }

    void add(String jobId, Instant createdAt, Lane lane, String owner) {
        Lane queue = Lane.of(lane);
        String who = owner == null || owner.isBlank() ? null : owner;
        long turn = order.next(queue, who, Instant.now());
        open.put(jobId, createdAt + " " + queue + " " + (who == null ? NO_OWNER : who) + " " + turn);
    }

    void remove(String jobId) {
        open.remove(jobId);
    }

    /**
     * One open job as the queue sees it.
     *
     * @param owner who asked for it, or {@code null} for jobs nobody's token asked for (hooks, open gateways)
     * @param turn  its place among its lane's jobs ({@link QueueOrder})
     */
    @RegisterForReflection
    record Entry(String jobId, Instant createdAt, Lane lane, String owner, long turn) {
    }

    /** Every open job, in the order dispatch offers them. */
    List<Entry> inTurn() {
        List<Entry> entries = entries();
        entries.sort(QueueOrder.IN_TURN);
        return entries;
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        open.forEach((id, value) -> entries.add(parse(id, value)));
        return entries;
    }

    /** Entries written before lanes existed hold only the creation time: interactive, no owner, the first turn. */
    private static Entry parse(String id, String value) {
        String[] fields = value.split(" ");
        Lane lane = fields.length > 1 ? Lane.valueOf(fields[1]) : Lane.INTERACTIVE;
        String owner = fields.length > 2 && !fields[2].equals(NO_OWNER) ? fields[2] : null;
        long turn = fields.length > 3 ? Long.parseLong(fields[3]) : 0;
        return new Entry(id, Instant.parse(fields[0]), lane, owner, turn);
    }
}
