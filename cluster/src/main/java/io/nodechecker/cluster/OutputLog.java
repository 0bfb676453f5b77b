package io.nodechecker.cluster;

import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Every job's output, one cache entry per chunk under {@code jobId:seq}, encoded by {@link OutputCodec}.
 * Chunks are written once and never changed, so a reader can take them in sequence while more arrive.
 * A chunk goes to its owners only; gateways with viewers of the job hear of it through a
 * {@link JobEventFilter}.
 */
public final class OutputLog {

    private final Cache<String, byte[]> output;

    public OutputLog(ClusterNode node) {
        this.output = node.cache(Caches.OUTPUT);
    }

    public static String key(String jobId, long seq) {
        return jobId + ":" + seq;
    }

    /** The job and sequence number of a chunk's key. */
    public static String jobIdOf(String key) {
        return key.substring(0, key.lastIndexOf(':'));
    }

    public static long seqOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
    }

    /** Stores a chunk; the future completes once its owners have it. */
    public CompletableFuture<?> append(OutputChunk chunk) {
        return output.putIfAbsentAsync(key(chunk.jobId(), chunk.seq()), OutputCodec.encode(chunk.stream(), chunk.data()));
    }

    /** Stores a chunk at the job's next free sequence number, from {@code from} on, and returns that number. */
    public long appendNext(String jobId, long from, StreamName stream, String data) {
        for (long seq = from; ; seq++) {
            if (output.putIfAbsent(key(jobId, seq), OutputCodec.encode(stream, data)) == null) {
                return seq;
            }
        }
    }

    public OutputChunk get(String jobId, long seq) {
        return OutputCodec.decode(jobId, seq, output.get(key(jobId, seq)));
    }

    /** The chunks from {@code from} up to the first one not (yet) stored. */
    public List<OutputChunk> readFrom(String jobId, long from) {
        List<OutputChunk> chunks = new ArrayList<>();
        for (long seq = from; ; seq++) {
            OutputChunk chunk = get(jobId, seq);
            if (chunk == null) {
                return chunks;
            }
            chunks.add(chunk);
        }
    }

    /** The next sequence number for a job from {@code from} on: the first number not stored. */
    public long length(String jobId, long from) {
        long seq = from;
        while (output.containsKey(key(jobId, seq))) {
            seq++;
        }
        return seq;
    }

    public Cache<String, byte[]> cache() {
        return output;
    }
}
