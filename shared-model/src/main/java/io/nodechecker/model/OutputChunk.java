package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One piece of a job's output as the container wrote it. {@code seq} counts from 0 per job, across
 * all streams and attempts, so a viewer can resume from any point without a gap or a duplicate.
 */
@RegisterForReflection
public record OutputChunk(String jobId, long seq, StreamName stream, String data) {

    /** A line of Nodechecker's own in a job's output, set apart by colour. */
    public static String systemLine(String text) {
        return "\u001b[1;36m> nodechecker: " + text + "\u001b[0m\n";
    }
}
