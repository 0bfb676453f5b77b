package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sandbox costs: a real package as a hardened Nodechecker job against the same steps in a
 * plain {@code docker run}, wall time and the container's peak memory (cgroup v1
 * {@code memory.max_usage_in_bytes}, sampled while it runs), alternating in the same run.
 */
class HardeningBenchmark {

    private static final int ROUNDS = 3;
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup/memory/docker");

    @Test
    void measuresTheCostOfTheSandbox() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway());
            stack.startRunner();
            api.awaitRunner();
            double[] oursSeconds = new double[ROUNDS];
            double[] plainSeconds = new double[ROUNDS];
            double[] oursMemory = new double[ROUNDS];
            double[] plainMemory = new double[ROUNDS];
            hardened(api); // warm-up
            for (int i = 0; i < ROUNDS; i++) {
                double[] ours = hardened(api);
                double[] plain = plain();
                oursSeconds[i] = ours[0];
                oursMemory[i] = ours[1];
                plainSeconds[i] = plain[0];
                plainMemory[i] = plain[1];
            }
            BenchReport.write("hardening", String.format(Locale.ROOT, """
                    ### The sandbox's cost: hardened job against plain `docker run`

                    `xtend@4.0.2`, %d alternating rounds. Hardened: non-root, no capabilities, no-new-privileges,
                    read-only root, tmpfs work area, memory/pids/CPU limits, network cut before `npm test`, one exec
                    per phase. Plain: `docker run --rm` of the same steps with none of that.

                    | | median wall time | median peak memory |
                    |---|---|---|
                    | hardened Nodechecker job | %.2f s | %.0f MiB |
                    | plain `docker run` | %.2f s | %.0f MiB |
                    """, ROUNDS, BenchReport.median(oursSeconds), BenchReport.median(oursMemory),
                    BenchReport.median(plainSeconds), BenchReport.median(plainMemory)));
        }
    }

    private static double[] hardened(Api api) throws Exception {
        long start = System.nanoTime();
        String id = api.submit("{\"package\":\"xtend\",\"version\":\"4.0.2\"}");
        String container = "";
        while (container.isEmpty()) {
            container = docker("ps", "-q", "--no-trunc", "--filter", "label=io.nodechecker.runner.job=" + id);
            if (container.isEmpty()) {
                Thread.sleep(20);
            }
        }
        CompletableFuture<Long> peak = watchPeak(container);
        LiveRecorder viewer = LiveRecorder.watch(api.liveUri(id, 0));
        viewer.awaitClose(300);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(viewer.last().path("outcome").asText()).isEqualTo("PASSED");
        return new double[] {seconds, peak.get() / 1048576.0};
    }

    private static double[] plain() throws Exception {
        long start = System.nanoTime();
        String container = docker("run", "-d", "-v", "/etc/ssl/certs/ca-certificates.crt:/etc/nodechecker/ca.pem:ro",
                "-e", "NODE_EXTRA_CA_CERTS=/etc/nodechecker/ca.pem", "-e", "HOME=/tmp", "-w", "/tmp",
                NodeImages.defaultImage(), "sh", "-c",
                "npm pack xtend@4.0.2 && tar -xzf ./*.tgz && cd package && npm install --no-audit --no-fund && npm test");
        CompletableFuture<Long> peak = watchPeak(container);
        assertThat(docker("wait", container)).isEqualTo("0");
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = peak.get();
        docker("rm", "-f", container);
        return new double[] {seconds, bytes / 1048576.0};
    }

    /** The highest memory use the container's cgroup reports while it exists. */
    private static CompletableFuture<Long> watchPeak(String container) {
        Path file = CGROUPS.resolve(container).resolve("memory.max_usage_in_bytes");
        return CompletableFuture.supplyAsync(() -> {
            AtomicLong peak = new AtomicLong();
            while (Files.exists(file)) {
                try {
                    peak.accumulateAndGet(Long.parseLong(Files.readString(file).trim()), Math::max);
                    Thread.sleep(50);
                } catch (Exception gone) {
                    break;
                }
            }
            return peak.get();
        });
    }

    private static String docker(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor();
        return out;
    }
}
