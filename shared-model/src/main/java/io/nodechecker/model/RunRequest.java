package io.nodechecker.model;

/** What a gateway sends a runner: run attempt {@code attempt} of the job stored under {@code jobId}. */
public record RunRequest(String jobId, int attempt) {

    /** Header in which a gateway presents the runner secret with a run request. */
    public static final String SECRET_HEADER = "X-Nodechecker-Runner-Secret";
}
