package io.nodechecker.runner.job;

import com.github.dockerjava.api.DockerClient;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.JobLogContext;
import io.nodechecker.cluster.JobStore;
import io.nodechecker.cluster.JobTraces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.nodechecker.cluster.OutputLog;
import io.nodechecker.cluster.Tarballs;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.RunRequest;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.docker.ContainerLabels;
import io.nodechecker.runner.docker.ContainerNetwork;
import io.nodechecker.runner.docker.EgressProxy;
import io.nodechecker.runner.docker.EngineWatch;
import io.nodechecker.runner.docker.JobContainer;
import io.nodechecker.runner.npm.RegistryTarballs;
import io.nodechecker.runner.metrics.RunnerMetrics;
import io.nodechecker.runner.registry.RunnerIdentity;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

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
    private final Tarballs tarballs;
    private final RegistryTarballs registry;
    private final ClusterNode cluster;
    private final RunnerMetrics metrics;
    private final EngineWatch engine;
    private final EgressProxy egress;
    private final Tracer tracer;
    // Downloads run while the job's container starts.
    private final ExecutorService downloads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "package-download");
        thread.setDaemon(true);
        return thread;
    });
    // Jobs this runner is running now, with their containers once created.
    private final Map<String, AtomicReference<JobContainer>> running = new ConcurrentHashMap<>();

    JobExecution(DockerClient docker, RunnerConfig config, RunnerIdentity identity, JobStore jobs,
                 OutputLog output, Tarballs tarballs, RegistryTarballs registry, ClusterNode cluster,
                 RunnerMetrics metrics, EngineWatch engine, EgressProxy egress, Tracer tracer) {
        this.tracer = tracer;
        this.egress = egress;
        this.cluster = cluster;
        this.engine = engine;
        this.metrics = metrics;
        metrics.runningFrom(running::size);
        this.docker = docker;
        this.config = config;
        this.identity = identity;
        this.jobs = jobs;
        this.output = output;
        this.tarballs = tarballs;
        this.registry = registry;
    }

    /**
     * Stops a job's container once the job is no longer this runner's to run: cancelled by a user, or
     * requeued by a gateway that thought this runner lost. The runner owns no job records, so it
     * reads those of the jobs it runs (at most its capacity) instead of hearing every change.
     */
    @Scheduled(every = "${nodechecker.runner.schedule.job-watch}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void stopTakenAway() {
        running.forEach((jobId, container) -> jobs.find(jobId)
                .filter(job -> job.state().isFinal() || !identity.id().equals(job.runner()))
                .ifPresent(job -> {
                    LOG.infof("job %s was taken from this runner (%s); stopping its container", job.id(), job.state());
                    Optional.ofNullable(container.get()).ifPresent(JobContainer::kill);
                }));
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
        Optional<Job> claimed = updateOwn(request, job -> job.state() == JobState.DISPATCHED ? job.running(Instant.now()) : null);
        if (claimed.isEmpty()) {
            LOG.infof("job %s attempt %d is not ours to run any more", request.jobId(), request.attempt());
            return;
        }
        Job job = claimed.get();
        LOG.infof("job %s attempt %d starts: %s@%s on Node %s", job.id(), job.attempts(), job.packageName(),
                job.version(), job.node());
        AtomicReference<JobContainer> container = new AtomicReference<>();
        running.put(job.id(), container);
        OutputSink sink = new OutputSink(job.id(), output, output.length(job.id(), job.outputChunks()),
                config.limits().outputBytes(), () -> Optional.ofNullable(container.get()).ifPresent(JobContainer::kill),
                () -> cluster.fence().open() || stillOwns(request));
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
        if (verdict.state() == JobState.ERRORED && engineFailed()) {
            // Not the package's doing nor this attempt's: the engine went away under it. The job waits in
            // the queue until a ready runner takes it (this one, once its engine answers again).
            sink.system(engine.problem() + " on runner " + identity.id()
                    + ": the job goes back to the queue, and this attempt does not count");
            sink.await();
            updateOwn(request, Job::handedBack).ifPresent(j -> metrics.handedBack());
            return;
        }
        if (verdict.state() == JobState.ERRORED && job.mayRetry()) {
            sink.system("attempt " + job.attempts() + " failed in the infrastructure: " + verdict.reason()
                    + "; the job goes back to the queue");
            sink.await();
            updateOwn(request, j -> j.requeued("attempt " + j.attempts() + " on " + identity.id() + ": " + verdict.reason()))
                    .ifPresent(j -> metrics.requeued());
            return;
        }
        sink.system(verdict.state() + ": " + verdict.reason());
        sink.await();
        LOG.infof("job %s ends %s: %s", job.id(), verdict.state(), verdict.reason());
        updateOwn(request, j -> j.finished(verdict.state(), verdict.reason(), verdict.exitCode(), verdict.tests(),
                sink.chunkCount(), Instant.now())).ifPresent(j -> metrics.finished(verdict.state()));
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
        String image = config.docker().imageByNode().get(job.node());
        if (image == null) {
            return Verdict.errored("this runner has no image for Node " + job.node());
        }
        NetworkPolicy network = job.network().atMost(networkCap());
        CompletableFuture<byte[]> tarball = job.source() == JobSource.TARBALL
                ? CompletableFuture.completedFuture(tarballOf(job))
                : CompletableFuture.supplyAsync(() -> download(job), downloads);
        JobContainer container = JobContainer.start(docker, config, image,
                ContainerLabels.of(config, identity.id(), job.id()), containerNetwork(network, request));
        holder.set(container);
        AttemptPhases phases = new AttemptPhases(change -> updateOwn(request, change), sink, metrics, tracer);
        return new Attempt(job, container, network, tarball, config, sink, phases).run();
    }

    /** Installing reaches the registry through the egress proxy only; {@code full} is the engine's bridge. */
    private ContainerNetwork containerNetwork(NetworkPolicy network, RunRequest request) {
        return switch (network) {
            case NONE -> ContainerNetwork.NONE;
            case INSTALL_ONLY -> egress.open(request.jobId(), request.attempt());
            case FULL -> ContainerNetwork.BRIDGE;
        };
    }

    private byte[] download(Job job) {
        try {
            return registry.fetch(job.packageName(), job.version(), config.limits().fetch());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryTarballs.FetchFailed(false, "the download of " + job.spec() + " was interrupted");
        }
    }

    private byte[] tarballOf(Job job) {
        byte[] tarball = tarballs.get(job.id());
        if (tarball == null) {
            throw new IllegalStateException("the uploaded tarball of job " + job.id() + " is not in the cluster");
        }
        return tarball;
    }

    private NetworkPolicy networkCap() {
        NetworkPolicy cap = NetworkPolicy.parse(config.limits().maxNetwork());
        return cap == null ? NetworkPolicy.NONE : cap;
    }

    /**
     * Whether this attempt of the job is still this runner's, as its owners say now; false when they
     * cannot be asked (a runner cut off from them must not go on as if nothing happened).
     */
    private boolean stillOwns(RunRequest request) {
        try {
            return jobs.find(request.jobId())
                    .filter(job -> !job.state().isFinal() && identity.id().equals(job.runner())
                            && job.attempts() == request.attempt())
                    .isPresent();
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot confirm this runner still owns attempt %d (%s)", request.jobId(),
                    request.attempt(), e.getMessage());
            return false;
        }
    }

    /** Changes the job only while this runner still owns this attempt of it. */
    private Optional<Job> updateOwn(RunRequest request, UnaryOperator<Job> change) {
        return jobs.update(request.jobId(), job -> identity.id().equals(job.runner()) && job.attempts() == request.attempt()
                ? change.apply(job) : null);
    }
}
