package io.nodechecker.runner.job;

import io.nodechecker.runner.output.OutputSink;
import io.nodechecker.runner.output.TailSink;
import io.nodechecker.cluster.manifest.PackageManifest;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.Overrides;
import io.nodechecker.model.Phase;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.output.ChunkSink;
import io.nodechecker.runner.docker.ExecResult;
import io.nodechecker.runner.docker.Sandbox;
import io.nodechecker.runner.npm.RegistryTarballs;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * The phases of one attempt in its started container: the image's versions into the log, {@code fetch}
 * (the code — a tarball or a repository's commit, packed as one — fetched while the container started,
 * unpacked from standard input), {@code install},
 * then the {@link TestPlan}'s steps with the network cut — ending in exactly one {@link Verdict}.
 */
final class Attempt {

    private static final String WORK_DIR = "/home/node";
    // Uploaded and downloaded tarballs alike come in on standard input. Reads exactly NC_SIZE bytes:
    // Docker does not pass on the end of an exec's standard input.
    private static final List<String> UNPACK_FROM_STDIN =
            List.of("sh", "-c", "head -c \"$NC_SIZE\" > package.tgz && tar -xzf package.tgz && rm package.tgz");

    private final Job job;
    private final Sandbox container;
    private final NetworkPolicy network;
    private final CompletableFuture<Fetched> code;
    private final RunnerConfig config;
    private final OutputSink sink;
    private final AttemptPhases phases;
    private final ImageVersions versions;

    private String packageDir = WORK_DIR + "/package";

    Attempt(Job job, Sandbox container, NetworkPolicy network, CompletableFuture<Fetched> code,
            RunnerConfig config, OutputSink sink, AttemptPhases phases, ImageVersions versions) {
        this.versions = versions;
        this.job = job;
        this.container = container;
        this.network = network;
        this.code = code;
        this.config = config;
        this.sink = sink;
        this.phases = phases;
    }

    Verdict run() throws InterruptedException {
        // What the image really is, in the job's own log.
        versions.write(container, WORK_DIR, config.limits().fetch(), sink);
        sink.system("fetch " + job.spec() + " on Node " + job.node() + ", network " + network.wireName());
        AtomicReference<RegistryTarballs.FetchFailed> fetchFailure = new AtomicReference<>();
        AtomicReference<Fetched> fetchedCode = new AtomicReference<>();
        ExecResult fetched = phases.run(Phase.FETCH, () -> {
            Fetched fetch;
            try {
                fetch = awaitDownload();
            } catch (RegistryTarballs.FetchFailed e) {
                fetchFailure.set(e);
                return new ExecResult(null, false);
            }
            fetchedCode.set(fetch);
            fetch.notes().forEach(sink::system);
            phases.recordCode(fetch.code());
            byte[] bytes = fetch.tarball();
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
            Fetched fetch = fetchedCode.get();
            manifest = PackageManifest.read(fetch.tarball(), fetch.packageFolder() + "/package.json");
            packageDir = WORK_DIR + "/" + fetch.packageFolder();
        } catch (PackageManifest.Invalid e) {
            return new Verdict(JobState.INSTALL_FAILED, e.getMessage(), null);
        }
        Overrides overrides = job.effectiveOverrides();
        if (overrides.testScript() == null && !manifest.hasTests()) {
            return Verdict.noTestScript();
        }
        List<String> env = overrides.env() == null ? List.of() : overrides.env().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        String hintedManager = job.codeHints() == null ? null : job.codeHints().packageManager();
        TestPlan plan = TestPlan.of(manifest, overrides.testScript(), overrides.installArgs(),
                PackageManager.of(manifest, hintedManager), config.npm().registry(), config.npm().signatures());

        sink.system(plan.installShown() + (plan.installWhy().isEmpty() ? "" : " (" + plan.installWhy() + ")"));
        TailSink installOutput = new TailSink(sink);
        List<String> installEnv = new ArrayList<>(plan.installEnv());
        installEnv.addAll(env);
        ExecResult installed = exec(Phase.INSTALL, plan.install(), installEnv, config.limits().install(), installOutput);
        if (installed.timedOut()) {
            return Verdict.timedOut(Phase.INSTALL, describe(config.limits().install()));
        }
        if (!installed.succeeded()) {
            return killed(installed, Phase.INSTALL)
                    .orElseGet(() -> Verdict.installFailed(plan.installShown(), installed.exitCode(), installOutput.tail()));
        }

        if (network == NetworkPolicy.INSTALL_ONLY) {
            // Tests run offline: whatever they do, they cannot reach out.
            container.disconnectNetworks();
        }
        return test(plan, env);
    }

    /**
     * Plain {@code npm test} under one test limit, its steps read from npm's banners as they come; the
     * steps' phases replace the one test phase once it ended. Every step npm went past exited 0; the last
     * one has npm's exit code.
     */
    private Verdict test(TestPlan plan, List<String> env) throws InterruptedException {
        Duration limit = testLimit();
        sink.system(plan.testShown());
        LifecycleSteps steps = new LifecycleSteps(sink, plan.packageId(), Clock.systemUTC());
        ExecResult result = exec(Phase.TEST, plan.test(), env, limit, steps);
        Instant ended = Instant.now();
        List<LifecycleSteps.Started> started = steps.steps();
        LifecycleSteps.Started last = started.get(started.size() - 1);
        if (plan.runsLifecycle()) {
            // Each step ends where the next begins; the last ends with npm, with its exit code.
            phases.replaceTest(IntStream.range(0, started.size()).mapToObj(i -> i + 1 < started.size()
                    ? Phase.started(started.get(i).name(), started.get(i).at()).ended(started.get(i + 1).at(), 0)
                    : Phase.started(last.name(), last.at()).ended(ended, result.exitCode())).toList());
        }
        if (result.timedOut()) {
            return Verdict.timedOut(last.name(), describe(limit));
        }
        if (result.exitCode() == null) {
            return Verdict.errored(last.name() + " ended without an exit code");
        }
        Optional<Verdict> killed = killed(result, last.name());
        if (killed.isPresent()) {
            return killed.get();
        }
        List<Verdict.Step> ran = started.stream().map(step -> new Verdict.Step(step.name(),
                plan.scripts().get(step.name()), step == last ? result.exitCode() : 0, step.tail().tail())).toList();
        return Verdict.ofLifecycle(ran, network != NetworkPolicy.FULL).failingOn(last.tail().tail());
    }

    private ExecResult exec(String phase, List<String> command, List<String> env, Duration limit, ChunkSink target)
            throws InterruptedException {
        return phases.run(phase, () -> container.exec(command, env, packageDir, null, limit, target));
    }

    /**
     * Who killed a phase that ended with SIGKILL: the kernel for the memory limit (the engine says so),
     * or someone outside the job who stopped or removed its container — never guessed from the code.
     * Empty when it was neither, or when the output cap (the job's own limit) did it.
     */
    private Optional<Verdict> killed(ExecResult result, String phase) {
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

    private Fetched awaitDownload() throws InterruptedException {
        try {
            return code.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The job's own test limit, at most the runner's. */
    private Duration testLimit() {
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
}
