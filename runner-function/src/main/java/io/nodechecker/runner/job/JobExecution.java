package io.nodechecker.runner.job;

import com.github.dockerjava.api.DockerClient;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.JobLogContext;
import io.nodechecker.cluster.JobStore;
import io.nodechecker.cluster.OutputLog;
import io.nodechecker.cluster.PackageManifest;
import io.nodechecker.cluster.Tarballs;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.Overrides;
import io.nodechecker.model.Phase;
import io.nodechecker.model.RunRequest;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.docker.ChunkSink;
import io.nodechecker.runner.docker.ContainerLabels;
import io.nodechecker.runner.docker.EngineWatch;
import io.nodechecker.runner.docker.ExecResult;
import io.nodechecker.runner.docker.JobContainer;
import io.nodechecker.runner.npm.RegistryTarballs;
import io.nodechecker.runner.metrics.RunnerMetrics;
import io.nodechecker.runner.registry.RunnerIdentity;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Runs one attempt of one job: container up, then {@code fetch}, {@code install} and {@code test}
 * as separate commands, each timed and with its exit code recorded, the output stored as it comes,
 * and exactly one verdict at the end. The container is removed whatever happens.
 */
@ApplicationScoped
public class JobExecution {

    private static final Logger LOG = Logger.getLogger(JobExecution.class);
    private static final String PACKAGE_DIR = "/home/node/package";
    private static final String WORK_DIR = "/home/node";
    // Uploaded and downloaded tarballs alike come in on standard input. Reads exactly NC_SIZE bytes:
    // Docker does not pass on the end of an exec's standard input.
    private static final List<String> UNPACK_FROM_STDIN =
            List.of("sh", "-c", "head -c \"$NC_SIZE\" > package.tgz && tar -xzf package.tgz && rm package.tgz");

    private static final List<String> NODE_VERSIONS =
            List.of("sh", "-c", "echo \"node $(node --version), npm $(npm --version)\"");

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
    // Downloads run while the job's container starts.
    private final ExecutorService downloads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "package-download");
        thread.setDaemon(true);
        return thread;
    });
    // Jobs this runner is running now, with their containers once created.
    private final Map<String, Holder<JobContainer>> running = new ConcurrentHashMap<>();

    JobExecution(DockerClient docker, RunnerConfig config, RunnerIdentity identity, JobStore jobs,
                 OutputLog output, Tarballs tarballs, RegistryTarballs registry, ClusterNode cluster,
                 RunnerMetrics metrics, EngineWatch engine) {
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
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void stopTakenAway() {
        running.forEach((jobId, container) -> jobs.find(jobId)
                .filter(job -> job.state().isFinal() || !identity.id().equals(job.runner()))
                .ifPresent(job -> {
                    LOG.infof("job %s was taken from this runner (%s); stopping its container", job.id(), job.state());
                    container.ifPresent(JobContainer::kill);
                }));
    }

    public void run(RunRequest request) {
        try (JobLogContext ignored = JobLogContext.of(request.jobId())) {
            runClaimed(request);
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
        Holder<JobContainer> container = new Holder<>();
        running.put(job.id(), container);
        OutputSink sink = new OutputSink(job.id(), output, output.length(job.id(), job.outputChunks()),
                config.limits().outputBytes(), () -> container.ifPresent(JobContainer::kill),
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
            container.ifPresent(JobContainer::close);
        }
    }

    private Verdict judge(RunRequest request, Job job, OutputSink sink, Holder<JobContainer> container) {
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

    private Verdict runPhases(RunRequest request, Job job, OutputSink sink, Holder<JobContainer> holder)
            throws InterruptedException {
        String image = config.docker().imageByNode().get(job.node());
        if (image == null) {
            return Verdict.errored("this runner has no image for Node " + job.node());
        }
        NetworkPolicy network = job.network().atMost(networkCap());
        boolean upload = job.source() == JobSource.TARBALL;
        CompletableFuture<byte[]> tarball = upload ? CompletableFuture.completedFuture(tarballOf(job))
                : CompletableFuture.supplyAsync(() -> download(job), downloads);
        JobContainer container = JobContainer.start(docker, config, image,
                ContainerLabels.of(config, identity.id(), job.id()),
                network != NetworkPolicy.NONE);
        holder.set(container);

        // What the image really is, in the job's own log: `node --version` and `npm --version`.
        container.exec(NODE_VERSIONS, List.of(), WORK_DIR, null, config.limits().fetch(), sink);
        sink.system("fetch " + job.spec() + " on Node " + job.node() + ", network " + network.wireName());
        AtomicReference<RegistryTarballs.FetchFailed> fetchFailure = new AtomicReference<>();
        AtomicReference<byte[]> fetchedBytes = new AtomicReference<>();
        ExecResult fetched = phase(request, Phase.FETCH, sink, () -> {
            byte[] bytes;
            try {
                bytes = awaitDownload(tarball);
            } catch (RegistryTarballs.FetchFailed e) {
                fetchFailure.set(e);
                return new ExecResult(null, false);
            }
            fetchedBytes.set(bytes);
            if (!upload) {
                sink.system(String.format(Locale.ROOT, "fetched %s from %s: %.1f kB, checksum matches the registry's",
                        job.spec(), config.npm().registry(), bytes.length / 1000.0));
            }
            return container.exec(UNPACK_FROM_STDIN, List.of("NC_SIZE=" + bytes.length), WORK_DIR,
                    new ByteArrayInputStream(bytes), config.limits().fetch(), sink);
        });
        if (fetchFailure.get() != null) {
            RegistryTarballs.FetchFailed failure = fetchFailure.get();
            return failure.permanent() ? new Verdict(JobState.INSTALL_FAILED, failure.getMessage(), null)
                    : Verdict.errored(failure.getMessage());
        }
        if (fetched.timedOut()) {
            return Verdict.timedOut(Phase.FETCH, describe(config.limits().fetch()));
        }
        if (!fetched.succeeded()) {
            return Verdict.fetchFailed(fetched.exitCode());
        }

        // Read here from the very bytes the container unpacked: no other process in the container.
        PackageManifest manifest;
        try {
            manifest = PackageManifest.read(fetchedBytes.get());
        } catch (PackageManifest.Invalid e) {
            return new Verdict(JobState.INSTALL_FAILED, e.getMessage(), null);
        }
        Overrides overrides = job.effectiveOverrides();
        String script = overrides.testScript();
        if (script == null && !manifest.hasTests()) {
            return Verdict.noTestScript();
        }
        List<String> env = overrides.env() == null ? List.of() : overrides.env().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        List<String> install = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund"));
        if (overrides.installArgs() != null) {
            install.addAll(overrides.installArgs());
        }

        sink.system(String.join(" ", install.subList(0, 2)) + (install.size() > 4
                ? " " + String.join(" ", install.subList(4, install.size())) : ""));
        ExecResult installed = phase(request, Phase.INSTALL, container, install, env, PACKAGE_DIR,
                config.limits().install(), sink, sink);
        if (installed.timedOut()) {
            return Verdict.timedOut(Phase.INSTALL, describe(config.limits().install()));
        }
        if (!installed.succeeded()) {
            return killed(installed, Phase.INSTALL, container, sink).orElseGet(() -> Verdict.installFailed(installed.exitCode()));
        }

        if (network == NetworkPolicy.INSTALL_ONLY) {
            // Tests run offline: whatever they do, they cannot reach out.
            container.disconnectNetworks();
        }
        Deadline deadline = new Deadline(testLimit(job));
        boolean networkCut = network != NetworkPolicy.FULL;
        if (script != null) {
            // An overriding script is one argv element for sh, run inside the sandbox like any test script.
            sink.system("test script override: " + script);
            StepRun run = lifecycleStep(request, container, Phase.TEST, List.of("sh", "-c", script), script, env, deadline, sink);
            return run.verdict() != null ? run.verdict() : Verdict.ofLifecycle(List.of(run.step()), networkCut);
        }
        // npm's test lifecycle, one step at a time so each has its own exit code and duration: the same
        // scripts in the same order and environment as `npm test`, which would run all three as one.
        List<Verdict.Step> steps = new ArrayList<>();
        for (String name : List.of(Phase.PRETEST, Phase.TEST, Phase.POSTTEST)) {
            String stepScript = switch (name) {
                case Phase.PRETEST -> manifest.pretestScript();
                case Phase.POSTTEST -> manifest.posttestScript();
                default -> manifest.testScript();
            };
            if (stepScript.isBlank()) {
                continue;
            }
            List<String> command = name.equals(Phase.TEST) ? List.of("npm", "test", "--ignore-scripts")
                    : List.of("npm", "run", name, "--ignore-scripts");
            sink.system((name.equals(Phase.TEST) ? "npm test" : "npm run " + name) + " (" + stepScript + ")");
            StepRun run = lifecycleStep(request, container, name, command, stepScript, env, deadline, sink);
            if (run.verdict() != null) {
                return run.verdict();
            }
            steps.add(run.step());
            if (run.step().failed() && !name.equals(Phase.POSTTEST)) {
                break; // npm stops at a failed step: a failed pretest means the tests never ran
            }
        }
        return Verdict.ofLifecycle(steps, networkCut);
    }

    /** A lifecycle step that ran to its exit code, or the verdict that ended the job during it. */
    private record StepRun(Verdict.Step step, Verdict verdict) {
    }

    private StepRun lifecycleStep(RunRequest request, JobContainer container, String name, List<String> command,
                                            String script, List<String> env, Deadline deadline, OutputSink sink)
            throws InterruptedException {
        TailSink tail = new TailSink(sink);
        Duration limit = deadline.remaining();
        ExecResult result = phase(request, name, container, command, env, PACKAGE_DIR, limit, sink, tail);
        if (result.timedOut()) {
            return new StepRun(null, Verdict.timedOut(name, describe(deadline.total())));
        }
        if (result.exitCode() == null) {
            return new StepRun(null, Verdict.errored(name + " ended without an exit code"));
        }
        return killed(result, name, container, sink).map(verdict -> new StepRun(null, verdict))
                .orElseGet(() -> new StepRun(new Verdict.Step(name, script, result.exitCode(), tail.tail()), null));
    }

    /** The test limit shared by the lifecycle's steps. */
    private record Deadline(Duration total, Instant end) {

        Deadline(Duration total) {
            this(total, Instant.now().plus(total));
        }

        Duration remaining() {
            Duration left = Duration.between(Instant.now(), end);
            return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
        }
    }

    /**
     * Who killed a phase that ended with SIGKILL: the kernel for the memory limit (the engine says so),
     * or someone outside the job who stopped or removed its container — never guessed from the code.
     * Empty when it was neither, or when the output cap (the job's own limit) did it.
     */
    private Optional<Verdict> killed(ExecResult result, String phase, JobContainer container, OutputSink sink) {
        if (result.exitCode() == null || result.exitCode() == 0 || sink.capped()) {
            return Optional.empty();
        }
        if (result.exitCode() == 137 && container.oomKilled()) {
            return Optional.of(Verdict.outOfMemory(phase, config.limits().memoryMb()));
        }
        // The job's own failures leave its container running; a container that is gone was stopped from
        // outside (an operator, or an engine shutting down), whatever the exit code says.
        if (!container.isRunning()) {
            return Optional.of(Verdict.killedFromOutside(phase, result.exitCode()));
        }
        return Optional.empty();
    }

    private ExecResult phase(RunRequest request, String name, JobContainer container, List<String> command,
                             List<String> env, String workDir, Duration limit, OutputSink sink, ChunkSink target)
            throws InterruptedException {
        return phase(request, name, sink, () -> container.exec(command, env, workDir, null, limit, target));
    }

    /** What a phase does between its recorded start and end. */
    private interface PhaseBody {
        ExecResult run() throws InterruptedException;
    }

    /** Runs one phase, its start and end recorded on the job while this runner still owns it. */
    private ExecResult phase(RunRequest request, String name, OutputSink sink, PhaseBody body)
            throws InterruptedException {
        Phase started = Phase.started(name, Instant.now());
        if (updateOwn(request, job -> job.withPhase(started)).isEmpty()) {
            throw new OwnershipLost();
        }
        ExecResult result = body.run();
        Phase ended = started.ended(Instant.now(), result.exitCode());
        metrics.phase(name, Duration.ofMillis(ended.durationMs()));
        if (updateOwn(request, job -> job.withPhase(ended)).isEmpty()) {
            throw new OwnershipLost();
        }
        if (sink.capped()) {
            return new ExecResult(result.exitCode() == null ? -1 : result.exitCode(), false);
        }
        return result;
    }

    private byte[] download(Job job) {
        try {
            return registry.fetch(job.packageName(), job.version(), config.limits().fetch());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryTarballs.FetchFailed(false, "the download of " + job.spec() + " was interrupted");
        }
    }

    private static byte[] awaitDownload(CompletableFuture<byte[]> tarball) throws InterruptedException {
        try {
            return tarball.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
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

    private Duration testLimit(Job job) {
        Duration max = config.limits().test();
        if (job.timeoutSeconds() == null) {
            return max;
        }
        Duration asked = Duration.ofSeconds(job.timeoutSeconds());
        return asked.compareTo(max) < 0 ? asked : max;
    }

    private static String describe(Duration limit) {
        return limit.toSeconds() + " s";
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

    /** The job was requeued or ended elsewhere while this runner ran it (it was thought lost). */
    private static final class OwnershipLost extends RuntimeException {
        OwnershipLost() {
            super(null, null, false, false);
        }
    }

    /** The container once it exists, for the cleanup and the output cap. */
    private static final class Holder<T> {
        private volatile T value;

        void set(T value) {
            this.value = value;
        }

        void ifPresent(java.util.function.Consumer<T> action) {
            T current = value;
            if (current != null) {
                action.accept(current);
            }
        }
    }
}
