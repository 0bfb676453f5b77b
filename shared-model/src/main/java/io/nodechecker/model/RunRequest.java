package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a gateway sends a runner: run attempt {@code attempt} of the job stored under {@code jobId}, as a
 * child of the dispatch span whose W3C {@code traceparent} is {@code traceParent} (null when untraced).
 */
@RegisterForReflection
public record RunRequest(String jobId, int attempt, String traceParent) {

    public RunRequest(String jobId, int attempt) {
        this(jobId, attempt, null);
    }

    /** Header in which a gateway presents the runner secret with a run request. */
    public static final String SECRET_HEADER = "X-Nodechecker-Runner-Secret";
}
