package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Memory, disk and a new runner's time to ready as history grows: N jobs that each store 15 MiB of output,
 * for N = 10, 40, 140 (2.1 GB), with the heaps the launcher and the issue set (gateway {@code -Xmx256m},
 * runners {@code -Xmx96m}); then the oldest log read back whole from that gateway. With
 * {@code -Dnodechecker.baseline=DIR} (a built checkout of an earlier design) the same steps up to 40 run
 * against that design too, in the same run, with the JVM's default heaps (it keeps everything in heap).
 */
class GrowthBenchmark {

    private static final int[] STEPS = {10, 40, 140};
    // The replaced design is measured to 40 jobs: past that each of its members holds over a GiB, and the
    // point — growth with history on every member — is made.
    private static final int BASELINE_LAST_STEP = 40;
    private static final long OUTPUT_PER_JOB = 15L * 1024 * 1024;
    private static final String GATEWAY_HEAP = "-Xmx256m";
    private static final String RUNNER_HEAP = "-Xmx96m";

    @Test
    void measuresMembersAsHistoryGrows() throws Exception {
        TestStack.requireDockerEngine();
        StringBuilder rows = new StringBuilder();
        AtomicReference<ReadBack> oldest = new AtomicReference<>();
        rows.append(measure("this design", null, oldest));
        // Written before the baseline runs: a half-hour of this design's figures is not lost to its failure.
        report(rows, oldest.get().sentence());
        String baseline = System.getProperty("nodechecker.baseline");
        if (baseline != null && !baseline.isBlank()) {
            rows.append(measure("replaced design (" + Path.of(baseline).getFileName() + ")", Path.of(baseline), null));
            report(rows, oldest.get().sentence());
        }
        if (!oldest.get().whole()) {
            throw new AssertionError(oldest.get().sentence().strip());
        }
    }

    /** The oldest log read back after the last step: whether it came whole, and the sentence saying so. */
    private record ReadBack(boolean whole, String sentence) {
    }

    private static void report(CharSequence rows, CharSequence oldest) throws IOException {
        BenchReport.write("growth", String.format(Locale.ROOT, """
                ### Growth with history: N jobs × 15 MiB of output

                One gateway (with a data directory) and one runner; each job is the `flood` fixture capped at
                15 MiB of stored output. This design runs its gateway at `%s` (the issue's bound; the launcher
                gives gateways `-Xmx512m`) and its runners at the launcher's `%s`; the replaced design with the JVM's default heaps (a quarter of the machine).
                After each step: RSS of the gateway and of the runner, the gateway's heap in use (its
                `jvm_memory_used_bytes`, heap areas), bytes in each member's data directory, and a newly
                started runner's launch → ready and its RSS 5 s later. Targets: runner RSS ≤ 300 MiB at every
                N and its time to ready the same with history as on an empty cluster; the gateway serving
                2 GB of output within `-Xmx256m`; disk ≈ owners × data, not members × data. The new runner's
                ready here is one start per step, each after more joins and leaves than the one before;
                "A new runner's join" below sets starts with and without history side by side.

                | design | N | gateway RSS | gateway heap used | runner RSS | gateway disk | runner disk | new runner ready | new runner RSS |
                |---|---|---|---|---|---|---|---|---|
                %s
                %s""", GATEWAY_HEAP, RUNNER_HEAP, rows, oldest));
    }

    /** The steps for one design; {@code oldest}, when given, gets the read-back of the first job's log. */
    private static String measure(String design, Path checkout, AtomicReference<ReadBack> oldest) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (TestStack stack = new TestStack(2 + STEPS.length + 1)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            AppProcess gateway = checkout == null ? stack.startGateway(GATEWAY_HEAP) : stack.startGateway();
            Api api = stack.api(gateway);
            List<String> runnerProps = new ArrayList<>(List.of("nodechecker.runner.limits.output-bytes=" + OUTPUT_PER_JOB));
            if (checkout == null) {
                runnerProps.add(RUNNER_HEAP);
            } else {
                // The replaced design persisted every cache on runners too.
                runnerProps.add("nodechecker.runner.cluster.data-dir=" + stack.workDir().resolve("data").resolve("runner-1"));
            }
            AppProcess runner = stack.startRunner(runnerProps.toArray(String[]::new));
            api.awaitRunner();
            rows.append(step(design, 0, stack, api, gateway, runner, checkout == null));
            int done = 0;
            String first = null;
            byte[] flood = Fixtures.tarball("flood");
            for (int target : STEPS) {
                if (checkout != null && target > BASELINE_LAST_STEP) {
                    break;
                }
                for (; done < target; done++) {
                    String id = api.submitTarball(flood);
                    first = first == null ? id : first;
                    api.awaitFinal(id, Duration.ofMinutes(3));
                }
                rows.append(step(design, target, stack, api, gateway, runner, checkout == null));
            }
            if (oldest != null) {
                oldest.set(readBack(api, first, done));
            }
        }
        return rows.toString();
    }

    /** The first job's whole log from the gateway after all the others were written: it comes from disk. */
    private static ReadBack readBack(Api api, String first, int jobs) throws Exception {
        long start = System.nanoTime();
        String log = api.log(first);
        double seconds = (System.nanoTime() - start) / 1e9;
        // The flood is stopped at the cap, and the log's last line says so: whole logs end with it.
        if (!log.contains("output passed " + OUTPUT_PER_JOB + " bytes")) {
            return new ReadBack(false, String.format(Locale.ROOT, "%nAfter %d jobs, the oldest log came back from the "
                    + "`%s` gateway without its end: %d characters.%n", jobs, GATEWAY_HEAP, log.length()));
        }
        return new ReadBack(true, String.format(Locale.ROOT, "%nAfter %d jobs, the oldest log (the first job's, %.1f MiB) "
                + "read whole from the `%s` gateway in %.1f s; the gateway's health afterwards: %s.%n", jobs,
                log.length() / 1048576.0, GATEWAY_HEAP, seconds, api.get("/q/health/ready").status() == 200 ? "UP" : "not UP"));
    }

    private static String step(String design, int jobs, TestStack stack, Api api, AppProcess gateway,
            AppProcess runner, boolean capped) throws Exception {
        long start = System.nanoTime();
        AppProcess late = capped ? stack.startRunner(RUNNER_HEAP) : stack.startRunner();
        double ready = (System.nanoTime() - start) / 1e9;
        Thread.sleep(5000);
        double lateRss = ProcessMemory.rssMiB(late.pid());
        late.close();
        return String.format(Locale.ROOT, "| %s | %d | %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB | %.1f s | %.0f MiB |%n",
                design, jobs, ProcessMemory.rssMiB(gateway.pid()), heapUsedMiB(api), ProcessMemory.rssMiB(runner.pid()),
                diskMiB(stack.workDir().resolve("data").resolve("gateway-0")),
                diskMiB(stack.workDir().resolve("data").resolve("runner-1")), ready, lateRss);
    }

    /** The heap areas of {@code jvm_memory_used_bytes} on the gateway's {@code /q/metrics}. */
    private static double heapUsedMiB(Api api) throws Exception {
        double bytes = 0;
        for (String line : api.get("/q/metrics").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return bytes / 1048576.0;
    }

    private static double diskMiB(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / 1048576.0;
        }
    }
}
