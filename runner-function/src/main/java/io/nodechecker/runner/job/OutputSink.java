package io.nodechecker.runner.job;

import io.nodechecker.cluster.OutputLog;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import io.nodechecker.runner.docker.ChunkSink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Numbers a job's output and stores it in the cluster as it comes. Past the byte cap it stores a
 * line saying so, drops the rest, and calls {@code onCap} so the job can be stopped.
 */
final class OutputSink implements ChunkSink {

    private final String jobId;
    private final OutputLog log;
    private final long capBytes;
    private final Runnable onCap;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private long nextSeq;
    private long bytes;
    private boolean capped;

    OutputSink(String jobId, OutputLog log, long firstSeq, long capBytes, Runnable onCap) {
        this.jobId = jobId;
        this.log = log;
        this.nextSeq = firstSeq;
        this.capBytes = capBytes;
        this.onCap = onCap;
    }

    @Override
    public void write(StreamName stream, String text) {
        boolean hitCap;
        synchronized (this) {
            if (capped) {
                return;
            }
            long size = text.getBytes(StandardCharsets.UTF_8).length;
            hitCap = bytes + size > capBytes;
            if (hitCap) {
                capped = true;
                store(StreamName.SYSTEM, "\n" + OutputChunk.systemLine("output passed " + capBytes
                        + " bytes; the rest is dropped and the job is stopped"));
            } else {
                bytes += size;
                store(stream, text);
            }
        }
        if (hitCap) {
            onCap.run();
        }
    }

    /** A line of Nodechecker's own. */
    void system(String line) {
        synchronized (this) {
            store(StreamName.SYSTEM, OutputChunk.systemLine(line));
        }
    }

    private void store(StreamName stream, String text) {
        pending.add(log.append(new OutputChunk(jobId, nextSeq++, stream, text)));
        if (pending.size() > 256) {
            pending.removeIf(CompletableFuture::isDone);
        }
    }

    synchronized boolean capped() {
        return capped;
    }

    synchronized long chunkCount() {
        return nextSeq;
    }

    /** Waits until every chunk written so far is stored on every member. */
    void await() {
        CompletableFuture<?>[] all;
        synchronized (this) {
            all = pending.toArray(CompletableFuture[]::new);
        }
        CompletableFuture.allOf(all).join();
    }
}
