package io.nodechecker.cluster.trace;

import org.jboss.logging.MDC;

/**
 * Marks the log lines written while a job is handled with its id ({@code jobId} in the logging
 * context: {@code mdc.jobId} in JSON logs), so a job's story can be read across gateways and runners.
 * <pre>{@code try (JobLogContext ignored = JobLogContext.of(job.id())) { ... }}</pre>
 */
public final class JobLogContext implements AutoCloseable {

    static final String KEY = "jobId";

    private final Object before;

    private JobLogContext(String jobId) {
        this.before = MDC.put(KEY, jobId);
    }

    public static JobLogContext of(String jobId) {
        return new JobLogContext(jobId);
    }

    @Override
    public void close() {
        if (before == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, before);
        }
    }
}
