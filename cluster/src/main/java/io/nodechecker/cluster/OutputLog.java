package io.nodechecker.cluster;

import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Every job's output, one cache entry per chunk under {@code jobId:seq}. Chunks are written once
 * and never changed, so a reader can take them in sequence while more arrive.
 */
public final class OutputLog {

    private final Cache<String, String> output;

    public OutputLog(ClusterNode node) {
        this.output = node.cache(Caches.OUTPUT);
    }

    public static String key(String jobId, long seq) {
        return jobId + ":" + seq;
    }

    /** Stores a chunk; the future completes once every member has it. */
    public CompletableFuture<?> append(OutputChunk chunk) {
        return output.putIfAbsentAsync(key(chunk.jobId(), chunk.seq()), Json.write(chunk));
    }

    /** Stores a chunk at the job's next free sequence number and returns that number. */
    public long appendNext(String jobId, StreamName stream, String data) {
        for (long seq = length(jobId); ; seq++) {
            if (output.putIfAbsent(key(jobId, seq), Json.write(new OutputChunk(jobId, seq, stream, data))) == null) {
                return seq;
            }
        }
    }

    public OutputChunk get(String jobId, long seq) {
        return Json.read(output.get(key(jobId, seq)), OutputChunk.class);
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

    /** The next sequence number for a job: how many chunks it has stored. */
    public long length(String jobId) {
        long seq = 0;
        while (output.containsKey(key(jobId, seq))) {
            seq++;
        }
        return seq;
    }

    public Cache<String, String> cache() {
        return output;
    }
}
