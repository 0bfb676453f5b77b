package io.nodechecker.model;

/** What a gateway sends a runner: run attempt {@code attempt} of the job stored under {@code jobId}. */
public record RunRequest(String jobId, int attempt) {
}
