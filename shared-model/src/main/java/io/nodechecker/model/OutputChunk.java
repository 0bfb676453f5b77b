package io.nodechecker.model;

/**
 * One piece of a job's output as the container wrote it. {@code seq} counts from 0 per job, across
 * all streams and attempts, so a viewer can resume from any point without a gap or a duplicate.
 */
public record OutputChunk(String jobId, long seq, StreamName stream, String data) {
}
