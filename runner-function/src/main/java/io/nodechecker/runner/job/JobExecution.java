package io.nodechecker.runner.job;

import io.nodechecker.runner.output.OutputSink;
import com.github.dockerjava.api.DockerClient;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.trace.JobLogContext;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.trace.JobTraces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.RunRequest;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.docker.ContainerLabels;
import io.nodechecker.runner.docker.EngineWatch;
import io.nodechecker.runner.docker.JobContainer;
import io.nodechecker.runner.docker.NodeImages;
import io.nodechecker.runner.metrics.RunnerMetrics;
import io.nodechecker.runner.identity.RunnerIdentity;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one attempt of one job: claims it, starts its container and runs the {@link Attempt} in it, and
 * publishes exactly one verdict — the result, or, for the infrastructure's failure, the job back in the
 * queue. Stops the container of a job taken from this runner; removes it whatever happens.
 */
@ApplicationScoped
public class JobExecution {

    private static final Logger LOG = Logger.getLogger(JobExecution.class);

    private final DockerClient docker;
    private final RunnerConfig config;
    private final RunnerIdentity identity;
    private final JobStore jobs;
    private final OutputLog output;
    private final ClusterNode cluster;
    private final RunnerMetrics metrics;
    private final EngineWatch engine;
    private final Tracer tracer;
    private final PackageSource packages;
    private final AttemptNetwork networks;
    private final AttemptOwnership ownership;
    private final ImageVersions versions;
    private final NodeImages images;
    // Jobs this runner is running now, with their containers once created.
    private final Map<String, AtomicReference<JobContainer>> running = new ConcurrentHashMap<>();
    // Set when the runner stops with jobs still running: they go back to the queue, whatever their attempt says.
    private volatile boolean stopping;

    JobExecution(DockerClient docker, RunnerConfig config, RunnerIdentity identity, JobStore jobs, OutputLog output,
                 ClusterNode cluster, RunnerMetrics metrics, EngineWatch engine, Tracer tracer, PackageSource packages,
                 AttemptNetwork networks, AttemptOwnership ownership, ImageVersions versions, NodeImages images) {
        this.images = images;
        this.docker = docker;
        this.config = config;
        this.identity = identity;
        this.jobs = jobs;
        this.output = output;
        this.cluster = cluster;
        this.metrics = metrics;
        this.engine = engine;
        this.tracer = tracer;
        this.packages = packages;
        this.networks = networks;
        this.ownership = ownership;
        this.versions = versions;
        metrics.runningFrom(running::size);
    }

    /**
     * Stops a job's container once the job is no longer this runner's to run: cancelled by a user, or
     * requeued by a gateway that thought this runner lost. The runner owns no job records, so it
     * reads those of the jobs it runs (at most its capacity) instead of hearing every change.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void stopTakenAway() {
        running.forEach((jobId, container) -> jobs.find(jobId)
                .filter(ownership::takenAway)
                .ifPresent(job -> {
                    LOG.infof("job %s was taken from this runner (%s); stopping its container", job.id(), job.state());
                    Optional.ofNullable(container.get()).ifPresent(JobContainer::kill);
                }));
    }

    /**
     * Hands every running job back to the queue and stops its container: the runner is stopping and its
     * Docker client goes with it, so a job left running would keep a container nobody removes. The attempts
     * do not count; each job's own thread publishes the hand-back and removes the container.
     */
    public void handBackRunning() {
        stopping = true;
        running.forEach((jobId, container) -> {
            LOG.infof("job %s still runs as the runner stops; it goes back to the queue", jobId);
            Optional.ofNullable(container.get()).ifPresent(JobContainer::kill);
        });
    }

    /** Runs the attempt in a span of its own, a child of the gateway's dispatch span, so its phases join the job's trace. */
    public void run(RunRequest request) {
        Span attempt = tracer.spanBuilder("nodechecker.attempt")
                .setParent(JobTraces.parent(request.traceParent()))
                .setAttribute("nodechecker.job.id", request.jobId())
                .setAttribute("nodechecker.attempt", request.attempt())
                .setAttribute("nodechecker.runner", identity.id())
                .startSpan();
        try (JobLogContext ignored = JobLogContext.of(request.jobId()); Scope scope = attempt.makeCurrent()) {
            runClaimed(request);
        } finally {
            attempt.end();
        }
    }

    private void runClaimed(RunRequest request) {
        Optional<Job> claimed = ownership.update(request, job -> job.state() == JobState.DISPATCHED ? job.running(Instant.now()) : null);
        if (claimed.isEmpty()) {
            LOG.infof("job %s attempt %d is not ours to run any more", request.jobId(), request.attempt());
            return;
        }
        Job job = claimed.get();
        LOG.infof("job %s attempt %d starts: %s@%s on Node %s", job.id(), job.attempts(), job.packageName(),
                job.version(), job.node());
        AtomicReference<JobContainer> container = new AtomicReference<>();
        running.put(job.id(), container);
        OutputSink sink = new OutputSink(job.id(), job.attempts(), output,
                output.length(job.id(), job.attempts(), job.outputChunks()),
                config.limits().outputBytes(), () -> Optional.ofNullable(container.get()).ifPresent(JobContainer::kill),
                () -> cluster.fence().open() || ownership.stillOwns(request));
        if (job.attempts() > 1) {
            sink.system("attempt " + job.attempts() + " of " + job.maxAttempts() + " starts on " + identity.id()
                    + (job.reason() == null ? "" : " (" + job.reason() + ")"));
        }
        try {
            conclude(request, job, sink, judge(request, job, sink, container));
        } catch (OwnershipLost e) {
            LOG.warnf("job %s attempt %d was taken from this runner; its container is removed", job.id(), request.attempt());
        } finally {
            // After the result is published: a viewer does not wait for the cleanup.
            running.remove(job.id());
            Optional.ofNullable(container.get()).ifPresent(JobContainer::close);
        }
    }

    private Verdict judge(RunRequest request, Job job, OutputSink sink, AtomicReference<JobContainer> container) {
        Verdict verdict;
        try {
            verdict = runPhases(request, job, sink, container);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = Verdict.errored("the runner was stopped while the job ran");
        } catch (OwnershipLost e) {
            throw e;
        } catch (RuntimeException e) {
            if (EngineWatch.isEngineFailure(e)) {
                LOG.warnf("job %s: a call to the Docker engine failed: %s", job.id(), e.getMessage());
                engine.suspect(e);
                verdict = Verdict.errored(Objects.requireNonNullElse(engine.problem(), "the Docker engine failed"));
            } else {
                LOG.warnf(e, "job %s failed in the runner", job.id());
                verdict = Verdict.errored("the runner could not run the job: " + e.getMessage());
            }
        }
        if (sink.capped() && verdict.state() != JobState.ERRORED) {
            return Verdict.outputCapped(config.limits().outputBytes());
        }
        return verdict;
    }

    /** Publishes the verdict: the final result, or, for the infrastructure's failure, another attempt. */
    private void conclude(RunRequest request, Job job, OutputSink sink, Verdict verdict) {
        running.remove(job.id()); // what follows is this runner's own doing, not a job taken away
        if (stopping) {
            sink.system("runner " + identity.id() + " stopped while the job ran: the job goes back to the queue,"
                    + " and this attempt does not count");
            sink.await();
            ownership.update(request, Job::handedBack).ifPresent(j -> metrics.handedBack());
            return;
        }
        if (verdict.state() == JobState.ERRORED && engineFailed()) {
            // Not the package's doing nor this attempt's: the engine went away under it. The job waits in
            // the queue until a ready runner takes it (this one, once its engine answers again).
            sink.system(engine.problem() + " on runner " + identity.id()
                    + ": the job goes back to the queue, and this attempt does not count");
            sink.await();
            ownership.update(request, Job::handedBack).ifPresent(j -> metrics.handedBack());
            return;
        }
        if (verdict.state() == JobState.ERRORED && job.mayRetry()) {
            sink.system("attempt " + job.attempts() + " failed in the infrastructure: " + verdict.reason()
                    + "; the job goes back to the queue");
            sink.await();
            ownership.update(request, j -> j.requeued("attempt " + j.attempts() + " on " + identity.id() + ": " + verdict.reason()))
                    .ifPresent(j -> metrics.requeued());
            return;
        }
        sink.system(verdict.state() + ": " + verdict.reason());
        sink.await();
        LOG.infof("job %s ends %s: %s", job.id(), verdict.state(), verdict.reason());
        ownership.update(request, j -> j.finished(verdict.state(), verdict.reason(), verdict.exitCode(), verdict.tests(),
                sink.chunkCount(), Instant.now()).failingOn(verdict.failure())).ifPresent(j -> metrics.finished(verdict.state()));
    }

    /** Whether the engine is failing, or fails within a few seconds (a container killed by an engine shutting down). */
    private boolean engineFailed() {
        try {
            return !engine.check() || engine.failsWithin(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the job's container (the download runs meanwhile) and runs the attempt's phases in it. */
    private Verdict runPhases(RunRequest request, Job job, OutputSink sink, AtomicReference<JobContainer> holder)
            throws InterruptedException {
        String image = images.byNode().get(job.node());
        if (image == null) {
            return Verdict.errored("this runner has no image for Node " + job.node());
        }
        NetworkPolicy network = networks.policyFor(job);
        CompletableFuture<Fetched> code = packages.fetch(job);
        JobContainer container = JobContainer.start(docker, config, image,
                ContainerLabels.of(config, identity, job.id()), networks.containerFor(network));
        holder.set(container);
        AttemptPhases phases = new AttemptPhases(change -> ownership.update(request, change), sink, metrics::phase, tracer);
        return new Attempt(job, container, network, code, config, sink, phases, versions).run();
    }
}
