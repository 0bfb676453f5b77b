package io.nodechecker.cluster.store;

import io.nodechecker.cluster.JobEventFilter;
import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.OutputCodec;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Every job's output, one cache entry per chunk under {@code jobId:attempt:seq}, encoded by {@link OutputCodec}.
 * Sequence numbers run on across a job's attempts (attempt 2 numbers on from where the log stood), and the
 * attempt that wrote a chunk is part of its key: when a partition lets both sides run the same job, each
 * side's chunks stay under their own keys, and the merge keeps both instead of picking one per number.
 * Lines the gateways write between or after attempts (a lost runner, a cancel) go under {@link #GATEWAY}.
 * <p>
 * Reading number {@code seq} of a job whose latest attempt is {@code n} takes the first chunk found under
 * attempt n, then the gateways', then n−1 … 1: a job's log is its latest attempt's, and what came before
 * where that attempt began. In one partition each number is written once, so the order only decides
 * anything after a split; for a job that ran once, a stored chunk is one lookup.
 * <p>
 * Chunks are written once and never changed, so a reader can take them in sequence while more arrive.
 * A chunk goes to its owners only; gateways with viewers of the job hear of it through a
 * {@link JobEventFilter}.
 */
public final class OutputLog {

    /** The attempt number under which gateways write their lines about a job. */
    public static final int GATEWAY = 0;

    private final Cache<String, byte[]> output;

    public OutputLog(ClusterNode node) {
        this.output = node.cache(Caches.OUTPUT);
    }

    public static String key(String jobId, int attempt, long seq) {
        return jobId + ":" + attempt + ":" + seq;
    }

    /** The job of a chunk's key (job ids hold no colon). */
    public static String jobIdOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    public static long seqOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
    }

    /** Stores a chunk that attempt {@code attempt} wrote; the future completes once its owners have it. */
    public CompletableFuture<?> append(int attempt, OutputChunk chunk) {
        return output.putIfAbsentAsync(key(chunk.jobId(), attempt, chunk.seq()),
                OutputCodec.encode(chunk.stream(), chunk.data()));
    }

    /**
     * Stores a gateway's line at the job's next free sequence number from {@code from} on, and returns that
     * number. A number a runner takes at the same moment stays the runner's; the line moves on past it.
     */
    public long appendNext(String jobId, int attempts, long from, StreamName stream, String data) {
        byte[] encoded = OutputCodec.encode(stream, data);
        for (long seq = from; ; seq++) {
            if (stored(jobId, attempts, seq) != null
                    || output.putIfAbsent(key(jobId, GATEWAY, seq), encoded) != null) {
                continue;
            }
            if (storedByAttempt(jobId, attempts, seq) == null) {
                return seq;
            }
            output.remove(key(jobId, GATEWAY, seq));
        }
    }

    /** Reads one job's log in order, from any number on. */
    public Reader reader(String jobId) {
        return new Reader(jobId);
    }

    /** The chunks from {@code from} up to the first one not (yet) stored. */
    public List<OutputChunk> readFrom(String jobId, int attempts, long from) {
        Reader reader = reader(jobId);
        List<OutputChunk> chunks = new ArrayList<>();
        for (long seq = from; ; seq++) {
            OutputChunk chunk = reader.get(attempts, seq);
            if (chunk == null) {
                return chunks;
            }
            chunks.add(chunk);
        }
    }

    /** The next sequence number for a job from {@code from} on: the first number no attempt or gateway holds. */
    public long length(String jobId, int attempts, long from) {
        long seq = from;
        while (stored(jobId, attempts, seq) != null) {
            seq++;
        }
        return seq;
    }

    public Cache<String, byte[]> cache() {
        return output;
    }

    /**
     * One job's log read in increasing numbers. Once a number came from attempt a, later numbers come
     * from a or a later attempt (or a gateway) only: an earlier attempt that ran on past where a began,
     * on the other side of a split, never shows after a's lines.
     */
    public final class Reader {
        private final String jobId;
        private int floor = GATEWAY + 1;

        private Reader(String jobId) {
            this.jobId = jobId;
        }

        /** Chunk {@code seq} when the job's latest attempt is {@code attempts}, {@code null} when not stored (yet). */
        public OutputChunk get(int attempts, long seq) {
            byte[] value = attempts >= floor ? output.get(key(jobId, attempts, seq)) : null;
            if (value != null) {
                floor = attempts;
            } else {
                value = output.get(key(jobId, GATEWAY, seq));
                for (int attempt = attempts - 1; value == null && attempt >= floor; attempt--) {
                    value = output.get(key(jobId, attempt, seq));
                    if (value != null) {
                        floor = attempt;
                    }
                }
                if (value == null) {
                    // Logs stored before keys named the attempt stay readable until they expire.
                    value = output.get(jobId + ":" + seq);
                }
            }
            return OutputCodec.decode(jobId, seq, value);
        }
    }

    /** Number {@code seq} as a gateway or attempts {@code attempts} … 1 wrote it. */
    private byte[] stored(String jobId, int attempts, long seq) {
        byte[] gateway = output.get(key(jobId, GATEWAY, seq));
        return gateway != null ? gateway : storedByAttempt(jobId, attempts, seq);
    }

    /** Number {@code seq} as attempts {@code attempts} … 1 wrote it, the latest first. */
    private byte[] storedByAttempt(String jobId, int attempts, long seq) {
        for (int attempt = attempts; attempt > GATEWAY; attempt--) {
            byte[] value = output.get(key(jobId, attempt, seq));
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
