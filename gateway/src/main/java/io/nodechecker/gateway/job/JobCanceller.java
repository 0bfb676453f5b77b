package io.nodechecker.gateway.job;

import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/** Ends a job as CANCELLED; the runner holding it sees the change and stops its container. */
@ApplicationScoped
public class JobCanceller {

    private final JobStore jobs;
    private final OutputLog output;

    JobCanceller(JobStore jobs, OutputLog output) {
        this.jobs = jobs;
        this.output = output;
    }

    /** The cancelled job, or empty when it had its result already. */
    public Optional<Job> cancel(String id) {
        Optional<Job> found = jobs.find(id);
        if (found.map(job -> job.state().isFinal()).orElse(true)) {
            return Optional.empty();
        }
        long last = output.appendNext(id, found.get().attempts(), found.get().outputChunks(), StreamName.SYSTEM, OutputChunk.systemLine("CANCELLED: cancelled on request"));
        return jobs.update(id, job -> job.finished(JobState.CANCELLED, "cancelled on request", null, last + 1, Instant.now()));
    }
}
