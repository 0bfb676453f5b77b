package io.nodechecker.runner.job;

import io.nodechecker.runner.output.OutputSink;
import io.nodechecker.cluster.ClusterOfOne;
import io.nodechecker.model.Code;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.output.ChunkSink;
import io.nodechecker.runner.docker.ExecResult;
import io.nodechecker.runner.docker.Sandbox;
import io.nodechecker.runner.npm.RegistryTarballs;
import io.opentelemetry.api.OpenTelemetry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phases of one attempt and the verdict they earn, in a scripted container: each command's exit code and
 * output are the script's, the job's output goes into a real cluster of one, and the verdicts are the ones the
 * end-to-end suite sees from the real engine.
 */
class AttemptTest {

    private static final String PASSING_MANIFEST = "{\"name\":\"nc-attempt\",\"version\":\"1.0.0\",\"scripts\":{\"test\":\"tap\"}}";

    @RegisterExtension
    static final ClusterOfOne CLUSTER = new ClusterOfOne();

    /** A container that answers each command as its script says, and remembers what it was asked. */
    private static final class ScriptedSandbox implements Sandbox {
        final List<List<String>> commands = new ArrayList<>();
        final Function<List<String>, ExecResult> script;
        boolean disconnected;
        boolean running = true;
        boolean oomKilled;

        ScriptedSandbox(Function<List<String>, ExecResult> script) {
            this.script = script;
        }

        @Override
        public ExecResult exec(List<String> command, List<String> env, String workDir, InputStream stdin, Duration limit,
                               ChunkSink sink) {
            commands.add(command);
            sink.write(StreamName.STDOUT, "ran " + String.join(" ", command) + "\n");
            return script.apply(command);
        }

        @Override
        public String imageId() {
            return "sha256:scripted";
        }

        @Override
        public void disconnectNetworks() {
            disconnected = true;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean oomKilled() {
            return oomKilled;
        }

        boolean ran(String... words) {
            return commands.stream().anyMatch(c -> c.containsAll(List.of(words)));
        }
    }

    private static ExecResult exit(int code) {
        return new ExecResult(code, false);
    }

    private static boolean isInstall(List<String> command) {
        return command.size() > 1 && command.get(0).equals("npm") && command.get(1).equals("install");
    }

    private static boolean isTest(List<String> command) {
        return command.size() > 1 && command.get(0).equals("npm") && command.get(1).equals("test");
    }

    @Test
    void aPackageWhoseInstallAndTestsSucceedPassesWithTheNetworkCutForItsTests() throws Exception {
        ScriptedSandbox box = new ScriptedSandbox(command -> exit(0));

        Verdict verdict = run(job(NetworkPolicy.INSTALL_ONLY), box, tarball(PASSING_MANIFEST));

        assertThat(verdict.state()).isEqualTo(JobState.PASSED);
        assertThat(box.disconnected).isTrue();
        assertThat(box.ran("npm", "install")).isTrue();
        assertThat(box.ran("npm", "test")).isTrue();
        // The image's versions first, then the unpack from standard input, install, test.
        assertThat(box.commands.get(0)).contains("echo \"node $(node --version), npm $(npm --version)\"");
        assertThat(box.commands.get(1).get(2)).contains("tar -xzf package.tgz");
    }

    @Test
    void aFullNetworkJobKeepsItsNetworkForItsTests() throws Exception {
        ScriptedSandbox box = new ScriptedSandbox(command -> exit(0));

        assertThat(run(job(NetworkPolicy.FULL), box, tarball(PASSING_MANIFEST)).state()).isEqualTo(JobState.PASSED);
        assertThat(box.disconnected).isFalse();
    }

    @Test
    void aFailedInstallIsInstallFailedAndNoTestRuns() throws Exception {
        ScriptedSandbox box = new ScriptedSandbox(command -> isInstall(command) ? exit(1) : exit(0));

        Verdict verdict = run(job(NetworkPolicy.INSTALL_ONLY), box, tarball(PASSING_MANIFEST));

        assertThat(verdict.state()).isEqualTo(JobState.INSTALL_FAILED);
        assertThat(verdict.reason()).isEqualTo("npm install exited with code 1");
        assertThat(box.ran("npm", "test")).isFalse();
    }

    @Test
    void failingTestsFailTheJobWithTheirExitCode() throws Exception {
        ScriptedSandbox box = new ScriptedSandbox(command -> isTest(command) ? exit(1) : exit(0));

        Verdict verdict = run(job(NetworkPolicy.INSTALL_ONLY), box, tarball(PASSING_MANIFEST));

        assertThat(verdict.state()).isEqualTo(JobState.FAILED);
        assertThat(verdict.exitCode()).isEqualTo(1);
    }

    @Test
    void aSigkillIsTheMemoryLimitOnlyWhenTheEngineSaysOom() throws Exception {
        ScriptedSandbox oom = new ScriptedSandbox(command -> isTest(command) ? exit(137) : exit(0));
        oom.oomKilled = true;
        Verdict byKernel = run(job(NetworkPolicy.INSTALL_ONLY), oom, tarball(PASSING_MANIFEST));
        assertThat(byKernel.state()).isEqualTo(JobState.FAILED);
        assertThat(byKernel.reason()).contains("memory limit").contains("the engine reported an OOM kill");

        ScriptedSandbox removed = new ScriptedSandbox(command -> isTest(command) ? exit(137) : exit(0));
        removed.running = false;
        Verdict fromOutside = run(job(NetworkPolicy.INSTALL_ONLY), removed, tarball(PASSING_MANIFEST));
        assertThat(fromOutside.state()).isEqualTo(JobState.ERRORED);
        assertThat(fromOutside.reason()).contains("stopped or removed from outside the job").doesNotContain("memory");

        ScriptedSandbox own = new ScriptedSandbox(command -> isTest(command) ? exit(137) : exit(0));
        Verdict itsOwn = run(job(NetworkPolicy.INSTALL_ONLY), own, tarball(PASSING_MANIFEST));
        assertThat(itsOwn.state()).isEqualTo(JobState.FAILED);
        assertThat(itsOwn.reason()).doesNotContain("memory");
    }

    @Test
    void aTestThatRunsOutOfTimeIsTimedOut() throws Exception {
        ScriptedSandbox box = new ScriptedSandbox(command -> isTest(command) ? new ExecResult(null, true) : exit(0));

        Verdict verdict = run(job(NetworkPolicy.INSTALL_ONLY), box, tarball(PASSING_MANIFEST));

        assertThat(verdict.state()).isEqualTo(JobState.TIMED_OUT);
        assertThat(verdict.reason()).startsWith("test did not finish within");
    }

    @Test
    void aPackageWithoutATestScriptHasNoTestsAndInstallsNothing() throws Exception {
        ScriptedSandbox box = new ScriptedSandbox(command -> exit(0));

        Verdict verdict = run(job(NetworkPolicy.INSTALL_ONLY), box, tarball("{\"name\":\"nc-attempt\",\"version\":\"1.0.0\"}"));

        assertThat(verdict.state()).isEqualTo(JobState.NO_TESTS);
        assertThat(box.ran("npm", "install")).isFalse();
    }

    @Test
    void aTarballTheRegistryDoesNotHaveIsInstallFailedAndAnOutageIsErrored() throws Exception {
        Verdict missing = run(job(NetworkPolicy.INSTALL_ONLY), new ScriptedSandbox(command -> exit(0)),
                CompletableFuture.failedFuture(new RegistryTarballs.FetchFailed(true, "the registry has no nc-attempt@1.0.0")));
        assertThat(missing.state()).isEqualTo(JobState.INSTALL_FAILED);
        assertThat(missing.reason()).isEqualTo("the registry has no nc-attempt@1.0.0");

        Verdict outage = run(job(NetworkPolicy.INSTALL_ONLY), new ScriptedSandbox(command -> exit(0)),
                CompletableFuture.failedFuture(new RegistryTarballs.FetchFailed(false, "the registry answered 503")));
        assertThat(outage.state()).isEqualTo(JobState.ERRORED);
    }

    @Test
    void anImagesVersionsAreAskedOnceAndStillInEveryJobsLog() throws Exception {
        ImageVersions versions = new ImageVersions();
        Job first = job(NetworkPolicy.INSTALL_ONLY);
        Job second = job(NetworkPolicy.INSTALL_ONLY);
        ScriptedSandbox firstBox = new ScriptedSandbox(command -> exit(0));
        ScriptedSandbox secondBox = new ScriptedSandbox(command -> exit(0));

        run(first, firstBox, tarball(PASSING_MANIFEST), versions);
        run(second, secondBox, tarball(PASSING_MANIFEST), versions);

        assertThat(firstBox.commands.get(0)).isEqualTo(ImageVersions.COMMAND);
        assertThat(secondBox.commands).doesNotContain(ImageVersions.COMMAND);
        String answer = "ran " + String.join(" ", ImageVersions.COMMAND) + "\n";
        assertThat(CLUSTER.output().readFrom(second.id(), 1, 0).get(0).data()).isEqualTo(answer);
    }

    @Test
    void everyPhaseIsInTheJobsLogInOrder() throws Exception {
        Job job = job(NetworkPolicy.INSTALL_ONLY);
        run(job, new ScriptedSandbox(command -> exit(0)), tarball(PASSING_MANIFEST));

        String text = CLUSTER.output().readFrom(job.id(), 1, 0).stream().map(OutputChunk::data).collect(Collectors.joining());
        assertThat(text).containsSubsequence("ran sh -c echo", "fetch nc-attempt", "ran sh -c head -c",
                "npm install", "ran npm install", "npm test", "ran npm test");
    }

    private static Verdict run(Job job, Sandbox box, CompletableFuture<byte[]> tarball) throws InterruptedException {
        return run(job, box, tarball, new ImageVersions());
    }

    private static Verdict run(Job job, Sandbox box, CompletableFuture<byte[]> tarball, ImageVersions versions)
            throws InterruptedException {
        OutputSink sink = new OutputSink(job.id(), 1, CLUSTER.output(), 0, 1 << 20, () -> { }, () -> true);
        AttemptPhases phases = new AttemptPhases(change -> Optional.of(change.apply(job)), sink, (phase, took) -> { },
                OpenTelemetry.noop().getTracer("attempt-test"));
        Verdict verdict = new Attempt(job, box, job.network(),
                tarball.thenApply(bytes -> new Fetched(bytes, Code.tarball(null), List.of())), config(), sink, phases, versions).run();
        sink.await();
        return verdict;
    }

    private static Job job(NetworkPolicy network) {
        return Job.queued(UUID.randomUUID().toString(), Instant.now()).packageName("nc-attempt").requestedVersion("1.0.0")
                .version("1.0.0").node("22").maxAttempts(1).network(network).source(JobSource.TARBALL).build();
    }

    private static CompletableFuture<byte[]> tarball(String manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            byte[] json = manifest.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("package/package.json");
            entry.setSize(json.length);
            tar.putArchiveEntry(entry);
            tar.write(json);
            tar.closeArchiveEntry();
        }
        return CompletableFuture.completedFuture(bytes.toByteArray());
    }

    /** The runner's settings as an attempt reads them: 30 s limits, 512 MB of memory, a registry's name. */
    private static RunnerConfig config() {
        return settings(RunnerConfig.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T settings(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Class<?> returned = method.getReturnType();
            if (returned == Duration.class) {
                return Duration.ofSeconds(30);
            }
            if (returned == long.class || returned == int.class) {
                return returned == long.class ? 512L : 512;
            }
            if (returned == String.class) {
                return "https://registry.example/";
            }
            if (returned == Optional.class) {
                return Optional.empty();
            }
            if (returned == boolean.class) {
                return true;
            }
            if (returned.isInterface()) {
                return settings(returned);
            }
            throw new UnsupportedOperationException("no test value for " + method);
        });
    }
}
