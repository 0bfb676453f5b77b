package io.nodechecker.runner.job;

import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.model.Job;
import io.nodechecker.model.RunRequest;
import io.nodechecker.runner.identity.RunnerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Whether an attempt of a job is still this runner's, by the job's record in the cluster: a gateway
 * may have taken it back (a runner it thought lost) or a user cancelled it. Every change a runner makes
 * to a job goes through here, so it lands only while the attempt is this runner's.
 */
@ApplicationScoped
class AttemptOwnership {

    private static final Logger LOG = Logger.getLogger(AttemptOwnership.class);

    private final JobStore jobs;
    private final RunnerIdentity identity;

    AttemptOwnership(JobStore jobs, RunnerIdentity identity) {
        this.jobs = jobs;
        this.identity = identity;
    }

    /**
     * Whether this attempt of the job is still this runner's, as its owners say now; false when they
     * cannot be asked (a runner cut off from them must not go on as if nothing happened).
     */
    boolean stillOwns(RunRequest request) {
        try {
            return jobs.find(request.jobId())
                    .filter(job -> !job.state().isFinal() && ours(job, request))
                    .isPresent();
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot confirm this runner still owns attempt %d (%s)", request.jobId(),
                    request.attempt(), e.getMessage());
            return false;
        }
    }

    /** Changes the job only while this runner still owns this attempt of it. */
    Optional<Job> update(RunRequest request, UnaryOperator<Job> change) {
        return jobs.update(request.jobId(), job -> ours(job, request) ? change.apply(job) : null);
    }

    /** Whether the job, as stored, is no longer this runner's to run: finished, cancelled or handed on. */
    boolean takenAway(Job job) {
        return job.state().isFinal() || !identity.id().equals(job.runner());
    }

    private boolean ours(Job job, RunRequest request) {
        return identity.id().equals(job.runner()) && job.attempts() == request.attempt();
    }
}
