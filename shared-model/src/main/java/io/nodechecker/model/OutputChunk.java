package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One piece of a job's output as the container wrote it. {@code seq} counts from 0 per job, across
 * all streams and attempts, so a viewer can resume from any point without a gap or a duplicate.
 */
@RegisterForReflection
public record OutputChunk(String jobId, long seq, StreamName stream, String data) {

    /**
     * The most characters a runner gathers into one chunk, and so the largest output message a gateway sends
     * a viewer. A cluster write costs mostly per write, not per byte: relayed in 256 KiB chunks a flood took
     * 0.070 CPU-s of runner and gateway per MiB, in 64 KiB chunks 0.113 (docs/BENCHMARKS.md, relay).
     */
    public static final int MAX_CHARS = 256 * 1024;

    /** A line of Nodechecker's own in a job's output, set apart by colour. */
    public static String systemLine(String text) {
        return "\u001b[1;36m> nodechecker: " + text + "\u001b[0m\n";
    }
}
